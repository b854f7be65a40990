using System.CommandLine;
using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// The video source of <c>avl train sync</c> and <c>avl eval sync</c>: generated digit videos (<c>--fsdd DIR --mnist DIR</c>,
/// optionally speaker-filtered), generated impact videos (<c>--kind impacts</c>) or a folder of real videos (<c>--videos DIR</c>).
/// </summary>
/// <param name="seed">The command's seed option (training: that of <see cref="TrainingArguments"/>), which also draws the videos.</param>
/// <param name="defaultSeconds">Default <c>--seconds</c>.</param>
/// <param name="defaultCount">Default <c>--video-count</c>.</param>
internal sealed class SyncDataArguments(Option<int> seed, double defaultSeconds, int defaultCount)
{
    /// <summary>Default frame side of generated digit videos: 16 pixels trained better than MNIST's 28 in the same time (0.83 against 0.80 hard sync accuracy).</summary>
    public const int DefaultDigitFrameSize = 16;

    /// <summary>Default frame side of impact videos and real videos.</summary>
    public const int DefaultFrameSize = 32;

    /// <summary>
    /// Default clip length of digit videos: 48 frames (1.92 s) gave 0.90 hard sync accuracy on an unseen speaker, against
    /// 0.80 / 0.85 / 0.87 / 0.88 with 8 / 16 / 24 / 32 frames and 0.90 with 64 (whose offsets fell to 0.84 within one
    /// frame, against 0.955): a longer clip holds more onsets, and a shifted soundtrack misses more of them. Impact videos
    /// keep the library's default 8 (24 did not learn on them in the same epochs). A ±1 s offset scan needs videos of at
    /// least the clip plus 2 s.
    /// </summary>
    public const int DefaultDigitClipFrames = 48;

    public Option<string> Kind { get; } = new("--kind") { Description = "Generated videos: digits (MNIST shown while FSDD speaks) or impacts (shapes that sound when they hit).", DefaultValueFactory = _ => "digits" };
    public Option<string?> Fsdd { get; } = new("--fsdd") { Description = "Digit videos: folder of FSDD WAV recordings." };
    public Option<string?> Mnist { get; } = new("--mnist") { Description = "Digit videos: folder with the MNIST idx files." };
    public Option<string?> Videos { get; } = new("--videos") { Description = "A folder of real videos instead of generated ones." };
    public Option<string?> Speakers { get; } = new("--speakers") { Description = "Digit videos: only these FSDD speakers (comma-separated)." };
    public Option<string?> ExcludeSpeakers { get; } = new("--exclude-speakers") { Description = "Digit videos: all FSDD speakers but these (comma-separated)." };
    public Option<int> Count { get; } = new("--video-count") { Description = "Generated videos.", DefaultValueFactory = _ => defaultCount };
    public Option<double> Seconds { get; } = new("--seconds") { Description = "Seconds per generated video (real videos: per training segment).", DefaultValueFactory = _ => defaultSeconds };
    public Option<int?> FrameSize { get; } = new("--frame-size") { Description = $"Frame side in pixels of training videos (default: {DefaultDigitFrameSize} for digits, {DefaultFrameSize} for impacts and real videos; evaluation takes the model's)." };
    public Option<int> Seed { get; } = seed;

    /// <summary>The data options (not the seed, which belongs to the command).</summary>
    public IEnumerable<Option> All => [Kind, Fsdd, Mnist, Videos, Speakers, ExcludeSpeakers, Count, Seconds, FrameSize];

    /// <summary>True when the command works on generated digit videos.</summary>
    public bool IsDigits(ParseResult parse) => parse.GetValue(Videos) is null && parse.GetValue(Kind) == "digits";

    /// <summary>What the videos are, for reports.</summary>
    public string Describe(ParseResult parse) => parse.GetValue(Videos) is string folder ? $"videos in {folder}" : $"{parse.GetValue(Kind)} videos";

    /// <summary>
    /// The generated videos of <paramref name="split"/> at the given timing, or every real video of <c>--videos</c> read at the
    /// given rate and size (training cuts them into segments of <c>--seconds</c>; evaluation keeps them whole).
    /// </summary>
    public IReadOnlyList<SyncVideo> Load(ParseResult parse, Split split, double framesPerSecond, int sampleRate, (int Channels, int Size)? frameShape, bool segment, TextWriter log)
    {
        var (channels, size) = frameShape ?? (1, parse.GetValue(FrameSize) ?? (IsDigits(parse) ? DefaultDigitFrameSize : DefaultFrameSize));
        double seconds = parse.GetValue(Seconds);
        int count = parse.GetValue(Count), seed = parse.GetValue(Seed);
        if (parse.GetValue(Videos) is string folder)
        {
            var videos = SyncVideoFile.LoadFolder(new MLContext(seed), folder, framesPerSecond, size, channels, sampleRate, out var skipped);
            foreach (var file in skipped) log.WriteLine($"Skipped {file}");
            if (videos.Count == 0) throw new InvalidDataException($"No usable video (with picture and sound) in '{folder}'.");
            int frames = (int)Math.Round(seconds * framesPerSecond);
            return segment ? videos.SelectMany(v => v.Segments(frames)).ToArray() : videos;
        }
        switch (parse.GetValue(Kind))
        {
            case "digits":
                var fsdd = parse.GetValue(Fsdd) ?? throw new CliUsageException("Digit videos need --fsdd and --mnist.");
                var mnist = parse.GetValue(Mnist) ?? throw new CliUsageException("Digit videos need --fsdd and --mnist.");
                var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(fsdd, mnist), parse, Speakers, ExcludeSpeakers);
                var digitOptions = new DigitVideoOptions { Size = size, Seconds = seconds, FramesPerSecond = framesPerSecond, SampleRate = sampleRate };
                return DigitVideos.Generate(source, split, count, seed, digitOptions);
            case "impacts":
                var impactOptions = new ImpactVideoOptions { Size = size, Seconds = seconds, FramesPerSecond = framesPerSecond, SampleRate = sampleRate };
                // Impact videos have no split: training and evaluation differ by seed.
                return ImpactVideos.Generate(count, split == Split.Train ? seed : unchecked(seed + 7919), impactOptions);
            default:
                throw new CliUsageException($"--kind must be digits or impacts, got '{parse.GetValue(Kind)}'.");
        }
    }
}
