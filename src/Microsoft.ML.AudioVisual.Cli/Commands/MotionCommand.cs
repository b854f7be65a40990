using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Rendering;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl motion --video FILE --out DIR [--stride N] [--frames T] [--fps F] [--start S] [--size S|WxH]</c>: Farneback optical
/// flow and dense trajectories of a clip; writes <c>flow.png</c> (the step with the most motion), <c>trajectories.png</c>
/// (over the first frame), <c>trajectories.npy</c> (float32 <c>[T-1, 2, H/N, W/N]</c> displacements in pixels) and
/// <c>meta.json</c>.
/// </summary>
internal static class MotionCommand
{
    public static Command Create(CliOutput io)
    {
        var video = new Option<string>("--video") { Description = "A video file.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var stride = new Option<int>("--stride") { Description = "Pixels between trajectory seeds.", DefaultValueFactory = _ => MotionTrajectoriesOptions.Defaults.GridStride };
        var frames = new Option<int>("--frames") { Description = "Frames to track through (at least 2).", DefaultValueFactory = _ => 8 };
        var fps = new Option<double>("--fps") { Description = "Frames per second to take from the clip.", DefaultValueFactory = _ => 12.5 };
        var start = new Option<double>("--start") { Description = "Time of the first frame in seconds.", DefaultValueFactory = _ => 0.0 };
        var size = new Option<string?>("--size") { Description = "Frame size: S (square) or WxH (default: the native size)." };
        var command = new Command("motion", "Optical flow and dense trajectories of a clip, as pictures and an NPY tensor.")
        {
            video, output, stride, frames, fps, start, size,
        };
        command.SetAction(parse => io.Guard(() => Run(io, parse.GetValue(video)!, parse.GetValue(output)!, parse.GetValue(stride),
            parse.GetValue(frames), parse.GetValue(fps), parse.GetValue(start), parse.GetValue(size))));
        return command;
    }

    private static int Run(CliOutput io, string path, string outDir, int stride, int frameCount, double fps, double start, string? size)
    {
        if (frameCount < 2) throw new CliUsageException($"--frames must be at least 2 (flow is between frames), got {frameCount}.");
        if (!(fps > 0)) throw new CliUsageException($"--fps must be positive, got {fps}.");
        if (start < 0) throw new CliUsageException($"--start must be non-negative, got {start}.");
        if (stride < 1) throw new CliUsageException($"--stride must be at least 1, got {stride}.");
        var info = MediaDecoder.Probe(path);
        var stream = info.Video ?? throw new MediaLoadException(path, MediaProblem.NoVideoStream, "the file has no video stream.");
        var (width, height) = ImageSizeArgument.Parse(size, stream.Width, stream.Height);
        if (stride > Math.Min(width, height)) throw new CliUsageException($"--stride {stride} exceeds the {width}x{height} frames.");
        var times = Enumerable.Range(0, frameCount).Select(i => start + (i / fps)).ToArray();
        var clip = MediaDecoder.DecodeFrames(path, times, new FrameFormat(width, height), info: info);

        var flow = OpticalFlow.Farneback(clip.Pixels, frameCount, 3, height, width, source: $"'{path}'");
        var trajectories = DenseTrajectories.Track(flow, frameCount - 1, height, width, stride);
        int plane = width * height;
        var speeds = StepSpeeds(flow, frameCount - 1, plane);
        int busiest = Array.IndexOf(speeds, speeds.Max());

        Directory.CreateDirectory(outDir);
        float top = MotionPictures.WriteFlow(Path.Combine(outDir, "flow.png"), flow.AsSpan(busiest * 2 * plane, 2 * plane), height, width);
        MotionPictures.WriteTrajectories(Path.Combine(outDir, "trajectories.png"), clip.Pixels.AsSpan(0, 3 * plane), 3, trajectories);
        NpyFile.Write(Path.Combine(outDir, "trajectories.npy"), trajectories.Displacements, trajectories.Shape);
        var meta = new JsonObject
        {
            ["source"] = Path.GetFullPath(path),
            ["frame_times"] = new JsonArray(clip.Times.Select(t => (JsonNode)Math.Round(t, 6)).ToArray()),
            ["width"] = width,
            ["height"] = height,
            ["stride"] = stride,
            ["trajectories_shape"] = new JsonArray(trajectories.Shape.Select(d => (JsonNode)d).ToArray()),
            ["trajectories"] = "per step, horizontal then vertical displacement in pixels of each grid point (clamped to the frame)",
            ["mean_speed_per_step"] = new JsonArray(speeds.Select(s => (JsonNode)Math.Round(s, 4)).ToArray()),
            ["flow_png_step"] = busiest,
            ["flow_png_full_brightness_pixels"] = Math.Round(top, 4),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "meta.json"), CliOutput.ToJson(meta));
        io.ReportOn(Path.Combine(outDir, "meta.json"));
        io.Out.WriteLine($"Tracked {trajectories.GridHeight * trajectories.GridWidth} points through {frameCount} frames of {width}x{height} " +
            $"(mean flow {speeds.Average():0.###} px per step) to {outDir}");
        return 0;
    }

    /// <summary>The mean flow speed in pixels of every step of <paramref name="flow"/> (<c>[steps, 2, H, W]</c>).</summary>
    internal static double[] StepSpeeds(float[] flow, int steps, int plane) =>
        [.. Enumerable.Range(0, steps).Select(t => MeanSpeed(flow.AsSpan(t * 2 * plane, 2 * plane)))];

    private static double MeanSpeed(ReadOnlySpan<float> step)
    {
        int plane = step.Length / 2;
        double sum = 0;
        for (int i = 0; i < plane; i++) sum += Math.Sqrt((step[i] * step[i]) + (step[plane + i] * step[plane + i]));
        return sum / plane;
    }
}
