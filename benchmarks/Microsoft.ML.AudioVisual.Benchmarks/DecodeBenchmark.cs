using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>
/// Seconds per clip to decode a folder of clips through <c>mlContext.AudioVisual().LoadVideoFrames</c> (frames at a
/// fixed rate from the start, 224x224, and mono 16 kHz audio; every row read by a cursor), next to the FFmpeg
/// command line running the very commands the library builds (<see cref="MediaDecoder.FramesArguments"/>,
/// <see cref="MediaDecoder.AudioArguments"/>), both outputs read fully from pipes, a clip's two commands running
/// side by side as the library runs them. Rounds alternate so that machine load hits both sides alike. The
/// library is timed on a first pass (no file probed yet: one FFprobe run per file) and on the next pass over the
/// same rows (as in the next training epoch, when the probes are remembered).
/// </summary>
internal static class DecodeBenchmark
{
    private static readonly string[] VideoExtensions = [".mpg", ".mpeg", ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"];

    public static int Run(string[] args)
    {
        int rounds = Math.Max(1, (int)BenchmarkOptions.Number(args, "--rounds", 5));
        var options = new VideoFrameLoaderOptions
        {
            FrameCount = (int)BenchmarkOptions.Number(args, "--frames", 8),
            FramesPerSecond = BenchmarkOptions.Number(args, "--fps", 4),
            Width = (int)BenchmarkOptions.Number(args, "--size", 224),
            Height = (int)BenchmarkOptions.Number(args, "--size", 224),
            SampleRate = 16000,
            AudioDuration = BenchmarkOptions.Number(args, "--audio-seconds", 2),
            // Any folder decodes: silent tracks and short clips cost the same to decode as others.
            AllowSilentAudio = true,
            PadShortClips = true,
        };
        var clips = Clips(args);
        if (clips.Count == 0)
        {
            Console.Error.WriteLine("decode: no video clips found (pass a folder of clips).");
            return 2;
        }

        var context = new MLContext(seed: 0);
        var rows = context.Data.LoadFromEnumerable(clips.Select(c => new ClipRow { Path = c }));
        var commands = clips.SelectMany(c => FfmpegCommands(c, options)).ToList();

        Console.WriteLine($"Decode: {clips.Count} clips, {options.FrameCount} frames {options.Width}x{options.Height} at {options.FramesPerSecond} fps " +
                          $"+ {options.AudioDuration} s mono {options.SampleRate} Hz audio per clip; median of {rounds} alternating rounds");
        Console.WriteLine($"  e.g. ffmpeg {commands[0].Arguments}");
        Console.WriteLine($"  e.g. ffmpeg {commands[1].Arguments}");
        if (args.Contains("--profile")) Profile(clips, options);

        // First pass: no file probed yet, so every row starts FFprobe before decoding. Next pass: the same rows again,
        // as in the next training epoch (or after VideoCorrespondenceSource.Scan), with the probes remembered.
        Console.WriteLine($"{"round",5} {"first pass (s/clip)",20} {"next pass (s/clip)",19} {"ffmpeg CLI (s/clip)",20} {"first/ffmpeg",13} {"next/ffmpeg",12}");
        var first = new List<double>();
        var next = new List<double>();
        var ffmpeg = new List<double>();
        for (int round = 0; round <= rounds; round++) // round 0 warms up (JIT, file cache) and is not counted
        {
            var loader = context.AudioVisual().LoadVideoFrames(options).Fit(rows);
            MediaProbeCache.Clear();
            double f = Time(() => ReadAllRows(loader.Transform(rows))) / clips.Count;
            double t = Time(() => RunSideBySide(commands)) / clips.Count;
            double n = Time(() => ReadAllRows(loader.Transform(rows))) / clips.Count;
            if (round == 0) continue;
            first.Add(f);
            next.Add(n);
            ffmpeg.Add(t);
            Console.WriteLine($"{round,5} {f,20:0.000} {n,19:0.000} {t,20:0.000} {f / t,12:0.00}x {n / t,11:0.00}x");
        }
        double firstMedian = Median(first), nextMedian = Median(next), ffmpegMedian = Median(ffmpeg);
        Console.WriteLine($"median s/clip: first pass {firstMedian:0.000} ({firstMedian / ffmpegMedian:0.00}x ffmpeg), " +
                          $"next pass {nextMedian:0.000} ({nextMedian / ffmpegMedian:0.00}x ffmpeg), ffmpeg CLI {ffmpegMedian:0.000} (goal <= 1.15x)");
        return 0;
    }

    private sealed class ClipRow
    {
        public string Path { get; set; } = "";
    }

    private sealed record FfmpegCommand(string Arguments);

    /// <summary>The commands LoadVideoFrames runs for a clip (the probe that plans them is outside the timing).</summary>
    private static IEnumerable<FfmpegCommand> FfmpegCommands(string clip, VideoFrameLoaderOptions options)
    {
        var info = MediaDecoder.Probe(clip);
        var format = new FrameFormat(options.Width, options.Height, options.Resize, options.Scaling);
        yield return new(MediaDecoder.FramesArguments(clip, options.ResolveFrameTimes(info), format, options.PadShortClips, info));
        yield return new(MediaDecoder.AudioArguments(clip, options.SampleRate, options.ResolveAudioStart(null), options.AudioDuration));
    }

    private static void ReadAllRows(IDataView data)
    {
        var columns = data.Schema.Where(c => c.Name is "Frames" or "FrameTimes" or "Audio").ToList();
        using var cursor = data.GetRowCursor(columns);
        var frames = cursor.GetGetter<VBuffer<float>>(data.Schema["Frames"]);
        var times = cursor.GetGetter<VBuffer<double>>(data.Schema["FrameTimes"]);
        var audio = cursor.GetGetter<VBuffer<float>>(data.Schema["Audio"]);
        VBuffer<float> f = default, a = default;
        VBuffer<double> t = default;
        while (cursor.MoveNext())
        {
            frames(ref f);
            times(ref t);
            audio(ref a);
        }
    }

    /// <summary>Runs each clip's commands at the same time (as the library does), clip after clip.</summary>
    private static void RunSideBySide(IReadOnlyList<FfmpegCommand> commands)
    {
        for (int i = 0; i < commands.Count; i += 2)
        {
            var video = Task.Run(() => RunFfmpeg(commands[i].Arguments));
            RunFfmpeg(commands[i + 1].Arguments);
            video.GetAwaiter().GetResult();
        }
    }

    /// <summary>Runs ffmpeg and reads its standard output and error to their ends; returns the output's length.</summary>
    private static long RunFfmpeg(string arguments)
    {
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath(), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var buffer = new byte[1 << 16];
        long length = 0;
        for (int n; (n = process.StandardOutput.BaseStream.Read(buffer)) > 0;) length += n;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {arguments} failed: {errors.Result}");
        return length;
    }

    /// <summary>Where the time of one clip goes: each step alone, on each clip, median over the clips.</summary>
    private static void Profile(IReadOnlyList<string> clips, VideoFrameLoaderOptions options)
    {
        var format = new FrameFormat(options.Width, options.Height, options.Resize, options.Scaling);
        var steps = new Dictionary<string, List<double>>();
        var rgb = new byte[options.FrameCount * options.Width * options.Height * 3];
        var planar = new float[rgb.Length];
        void Add(string step, double seconds) => (steps.TryGetValue(step, out var list) ? list : steps[step] = []).Add(seconds);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            foreach (var clip in clips)
            {
                MediaInfo info = null!;
                MediaProbeCache.Clear();
                Add("probe (ffprobe)", Time(() => info = MediaDecoder.Probe(clip)));
                var times = options.ResolveFrameTimes(info);
                Add("DecodeFrames", Time(() => MediaDecoder.DecodeFrames(clip, times, format, options.PadShortClips, info)));
                Add("  ffmpeg frames command", Time(() => RunFfmpeg(MediaDecoder.FramesArguments(clip, times, format, options.PadShortClips, info))));
                Add("DecodeAudio", Time(() => MediaDecoder.DecodeAudio(clip, options.SampleRate, 0, options.AudioDuration, info: info)));
                Add("  ffmpeg audio command", Time(() => RunFfmpeg(MediaDecoder.AudioArguments(clip, options.SampleRate, 0, options.AudioDuration))));
                Add("ffmpeg -version (process start)", Time(() => RunFfmpeg("-version")));
                Add($"pixel conversion ({options.FrameCount} frames)", Time(() => format.ToPlanar(rgb, planar, options.FrameCount)));
            }
        }
        Console.WriteLine("profile (median over clips and 3 repeats, one step at a time):");
        foreach (var (step, list) in steps) Console.WriteLine($"  {step,-34} {Median(list) * 1000,7:0.0} ms");
    }

    /// <summary>The clips of the folder argument, or the shared GRID clips and the MDN MP4.</summary>
    private static List<string> Clips(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Directory.Exists(a));
        if (folder is not null)
            return Directory.EnumerateFiles(folder).Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order().ToList();
        var video = Path.Combine(RepositoryRoot(), "..", "shared", "data", "video");
        var clips = Directory.Exists(Path.Combine(video, "grid")) ? Directory.EnumerateFiles(Path.Combine(video, "grid"), "*.mpg").Order().ToList() : [];
        var mp4 = Path.Combine(video, "mdn", "friday.mp4");
        if (File.Exists(mp4)) clips.Add(mp4);
        return clips.Select(Path.GetFullPath).ToList();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.AudioVisual.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
