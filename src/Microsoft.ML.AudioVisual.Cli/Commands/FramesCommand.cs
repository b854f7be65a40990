using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl frames FILE --count N|--fps F --size S|WxH --resize stretch|crop|letterbox --sample-rate R [--start --duration] --out DIR</c>:
/// writes <c>frames.npy</c> (float32 [T,3,H,W], RGB / 255), <c>audio.npy</c> (float32 [N]) and <c>meta.json</c>.
/// </summary>
internal static class FramesCommand
{
    public static Command Create(CliOutput io)
    {
        var file = new Argument<string>("FILE") { Description = "A video (or image) file." };
        var count = new Option<int?>("--count") { Description = "Number of frames: at the centres of equal segments of the clip, or the first N at --fps." };
        var fps = new Option<double?>("--fps") { Description = "Frames per second from --start (default: the video's native rate when --count is not given)." };
        var size = new Option<string?>("--size") { Description = "Output size: S (square) or WxH (default: the native size)." };
        var resize = new Option<string>("--resize") { Description = "stretch, crop or letterbox.", DefaultValueFactory = _ => "stretch" };
        resize.AcceptOnlyFromAmong("stretch", "crop", "letterbox");
        var sampleRate = new Option<int>("--sample-rate") { Description = "Audio sample rate in Hz.", DefaultValueFactory = _ => 16000 };
        var start = new Option<double>("--start") { Description = "Clip start in seconds.", DefaultValueFactory = _ => 0.0 };
        var duration = new Option<double?>("--duration") { Description = "Clip length in seconds (default: to the end)." };
        var noAudio = new Option<bool>("--no-audio") { Description = "Write frames only (required for a file without an audio stream)." };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var command = new Command("frames", "Decode frames and audio of a clip to NPY files.")
        {
            file, count, fps, size, resize, sampleRate, start, duration, noAudio, output,
        };
        command.SetAction(parse => io.Guard(() => Run(io, parse.GetValue(file)!, parse.GetValue(count), parse.GetValue(fps), parse.GetValue(size),
            parse.GetValue(resize)!, parse.GetValue(sampleRate), parse.GetValue(start), parse.GetValue(duration), !parse.GetValue(noAudio), parse.GetValue(output)!)));
        return command;
    }

    private static int Run(CliOutput io, string path, int? count, double? fps, string? size, string resize, int sampleRate,
        double start, double? duration, bool wantAudio, string outDir)
    {
        if (count is <= 0) throw new CliUsageException($"--count must be positive, got {count}.");
        if (fps is double f && !(f > 0)) throw new CliUsageException($"--fps must be positive, got {f}.");
        if (start < 0) throw new CliUsageException($"--start must be non-negative, got {start}.");
        if (duration is <= 0) throw new CliUsageException($"--duration must be positive, got {duration}.");
        var info = MediaDecoder.Probe(path);
        var video = info.Video ?? throw new MediaLoadException(path, MediaProblem.NoVideoStream, "the file has no video stream.");
        var (width, height) = ImageSizeArgument.Parse(size, video.Width, video.Height);
        var mode = resize switch { "crop" => ResizeMode.CenterCrop, "letterbox" => ResizeMode.Letterbox, _ => ResizeMode.Stretch };
        double clipEnd = video.StartTime + video.Duration;
        if (!info.IsStillImage && start >= clipEnd)
            throw new MediaLoadException(path, MediaProblem.TooShort, $"--start {start:0.###} s is at or beyond the end of the clip ({clipEnd:0.###} s).");
        double end = duration is double d ? start + d : clipEnd;
        if (info.IsStillImage) end = start + (duration ?? 1.0 / video.FrameRate);
        var times = FrameTimes(count, fps, start, end, video.FrameRate, info.IsStillImage);
        if (times.Length == 0) throw new MediaLoadException(path, MediaProblem.TooShort, $"no frame falls between {start:0.###} s and {end:0.###} s.");

        if (wantAudio && info.Audio is null)
            throw new MediaLoadException(path, MediaProblem.NoAudioStream, "the file has no audio stream (pass --no-audio to write frames only).");
        var clip = MediaDecoder.DecodeFrames(path, times, new FrameFormat(width, height, mode), info: info);
        var audio = wantAudio ? MediaDecoder.DecodeAudio(path, sampleRate, start, duration, info: info) : null;

        Directory.CreateDirectory(outDir);
        NpyFile.Write(Path.Combine(outDir, "frames.npy"), clip.Pixels, clip.FrameCount, 3, height, width);
        if (audio is not null) NpyFile.Write(Path.Combine(outDir, "audio.npy"), audio.Samples, audio.Samples.Length);
        var meta = new JsonObject
        {
            ["source"] = Path.GetFullPath(path),
            ["frame_count"] = clip.FrameCount,
            ["frame_times"] = new JsonArray(clip.Times.Select(t => (JsonNode)Math.Round(t, 6)).ToArray()),
            ["width"] = width,
            ["height"] = height,
            ["resize"] = resize,
            ["pixel_scaling"] = "rgb / 255",
            ["frames_shape"] = new JsonArray(clip.FrameCount, 3, height, width),
            ["source_width"] = video.Width,
            ["source_height"] = video.Height,
            ["source_fps"] = Math.Round(video.FrameRate, 6),
            ["fps"] = fps,
            ["start"] = start,
            ["duration"] = duration,
            ["sample_rate"] = audio is null ? null : sampleRate,
            ["audio_samples"] = audio?.Samples.Length,
            ["audio_channels_mixed"] = info.Audio?.Channels,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "meta.json"), CliOutput.ToJson(meta));
        io.Out.WriteLine($"Wrote {clip.FrameCount} frames of {width}x{height}" + (audio is null ? "" : $" and {audio.Samples.Length} audio samples at {sampleRate} Hz") + $" to {outDir}");
        return 0;
    }

    internal static double[] FrameTimes(int? count, double? fps, double start, double end, double nativeFps, bool still)
    {
        if (still) return [.. Enumerable.Repeat(start, count ?? 1)];
        if (count is int n && fps is null)
            return [.. Enumerable.Range(0, n).Select(i => start + (i + 0.5) * (end - start) / n)];
        double rate = fps ?? nativeFps;
        int frames = count ?? (int)Math.Floor((end - start) * rate + 1e-6);
        return [.. Enumerable.Range(0, Math.Max(frames, 0)).Select(i => start + i / rate)];
    }
}
