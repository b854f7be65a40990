using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// Where the train and eval verbs of the correspondence and localization families take their examples from: AV-MNIST-FSDD
/// (<c>--fsdd DIR --mnist DIR</c>, optionally filtered by speaker) or a folder of videos (<c>--videos DIR</c>). Exactly one
/// source is required.
/// </summary>
internal sealed class ExampleSourceArguments
{
    private readonly bool _evaluation;

    /// <param name="evaluation">True for the eval verbs (adds <c>--split</c> and <c>--image-split</c>), false for the train verbs (adds <c>--pairs</c>).</param>
    /// <param name="frameSizeFromModel">True when the model fixes the frame size (AvcEmbedding), so <c>--frame-size</c> defaults to it.</param>
    public ExampleSourceArguments(bool evaluation, bool frameSizeFromModel = false)
    {
        _evaluation = evaluation;
        FrameSize = frameSizeFromModel
            ? new("--frame-size") { Description = "--videos: side of the square frames (default: the model's input size)." }
            : new("--frame-size") { Description = "--videos: side of the square frames in pixels.", DefaultValueFactory = _ => new VideoFolderOptions().FrameSize };
        Split = new("--split") { Description = "AV-MNIST-FSDD: all, train or test (FSDD takes 0-4, MNIST after the first 6,400)." };
        ImageSplit = new("--image-split") { Description = "AV-MNIST-FSDD: the MNIST images to use, all, train or test (default: as --split)." };
    }

    public Option<string?> Fsdd { get; } = new("--fsdd") { Description = "Folder of FSDD WAV recordings (with --mnist; or give --videos)." };
    public Option<string?> Mnist { get; } = new("--mnist") { Description = "Folder with the MNIST idx files (with --fsdd)." };
    public Option<string?> Speakers { get; } = new("--speakers") { Description = "AV-MNIST-FSDD: only these FSDD speakers (comma-separated)." };
    public Option<string?> ExcludeSpeakers { get; } = new("--exclude-speakers") { Description = "AV-MNIST-FSDD: all FSDD speakers but these (comma-separated)." };
    public Option<int> Pairs { get; } = new("--pairs") { Description = "AV-MNIST-FSDD: training pairs (same-digit image and recording).", DefaultValueFactory = _ => 12800 };
    public Option<string?> Split { get; }
    public Option<string?> ImageSplit { get; }
    public Option<string?> Videos { get; } = new("--videos") { Description = "Folder of videos (instead of --fsdd/--mnist): one example per moment, labelled by its video." };
    public Option<int?> FrameSize { get; }
    public Option<double> Step { get; } = new("--step") { Description = "--videos: seconds between moments.", DefaultValueFactory = _ => new VideoFolderOptions().Step };
    public Option<bool> NormalizeLoudness { get; } = new("--normalize-loudness")
    {
        Description = "Decibels relative to each recording's loudest moment (librosa's ref=max) instead of absolute, so that loudness tells no recording apart (gain augmentation is then off).",
    };

    public IEnumerable<Option> All => _evaluation
        ? [Fsdd, Mnist, Speakers, ExcludeSpeakers, Split, ImageSplit, Videos, FrameSize, Step]
        : [Fsdd, Mnist, Speakers, ExcludeSpeakers, Pairs, Videos, FrameSize, Step, NormalizeLoudness];

    private Option[] FsddOnly => _evaluation ? [Speakers, ExcludeSpeakers, ImageSplit] : [Speakers, ExcludeSpeakers, Pairs];

    /// <summary>True for a video folder, false for AV-MNIST-FSDD; a usage error unless exactly one source is given, with only its own options.</summary>
    public bool IsVideo(ParseResult parse)
    {
        bool videos = parse.GetValue(Videos) is not null, fsdd = parse.GetValue(Fsdd) is not null, mnist = parse.GetValue(Mnist) is not null;
        if (videos && (fsdd || mnist)) throw new CliUsageException("--videos and --fsdd/--mnist are two sources of examples: give one of them.");
        if (!videos && !(fsdd && mnist))
            throw new CliUsageException(fsdd || mnist ? "--fsdd and --mnist go together (AV-MNIST-FSDD)." : "Give a source of examples: --videos DIR, or --fsdd DIR --mnist DIR.");
        var misplaced = (videos ? FsddOnly : [FrameSize, Step]).Where(parse.Given).Select(o => o.Name).ToArray();
        if (videos && _evaluation && parse.GetValue(Split) is not (null or "all")) misplaced = [.. misplaced, Split.Name];
        if (misplaced.Length > 0)
            throw new CliUsageException($"{string.Join(", ", misplaced)} {(misplaced.Length == 1 ? "applies" : "apply")} only with {(videos ? "--fsdd/--mnist" : "--videos")}.");
        return videos;
    }

    /// <summary>
    /// The training examples: the AV-MNIST-FSDD training split with <c>--pairs</c> seeded pairs, or every moment of the videos,
    /// made with the start model's audio front-end when there is one (a model fine-tuned on other spectrograms than it learned
    /// on would be fed inputs it never saw), else with the source's default front-end (loudness-normalised with <c>--normalize-loudness</c>).
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="context">The context of the decoding pipeline.</param>
    /// <param name="seed">Seeds the AV-MNIST-FSDD pairs.</param>
    /// <param name="io">Where progress goes.</param>
    /// <param name="startFrontEnd">The front-end recorded by the model training starts from, if any.</param>
    /// <param name="startModel">That model's file, for messages.</param>
    public AudioVisualExamples LoadTraining(ParseResult parse, MLContext context, int seed, CliOutput io, AudioFrontEnd? startFrontEnd = null, string? startModel = null)
    {
        bool video = IsVideo(parse), normalize = parse.GetValue(NormalizeLoudness);
        if (normalize && startFrontEnd is not null)
            throw new CliUsageException($"--normalize-loudness does not apply when training starts from a model: its front-end ('{startModel}') decides.");
        if (video)
        {
            var options = new VideoFolderOptions { FrameSize = parse.GetValue(FrameSize) ?? VideoFolderOptions.Defaults.FrameSize };
            if (startFrontEnd is not null) options = options.WithFrontEnd(startFrontEnd, startModel ?? "start model");
            options.FrontEnd.DecibelRelativeToMaximum |= normalize;
            return LoadVideos(parse, context, options, io.Out).Examples;
        }
        var frontEnd = startFrontEnd?.Options.Clone() ?? AudioVisualExamples.FsddFrontEnd();
        frontEnd.DecibelRelativeToMaximum |= normalize;
        var examples = AudioVisualExamples.FromAvMnistFsdd(LoadFsdd(parse), Datasets.Split.Train, parse.GetValue(Pairs), seed, frontEnd);
        io.Out.WriteLine($"AV-MNIST-FSDD training split: {examples.Pairs.Count} pairs from {examples.Spectrograms.Count} recordings and {examples.Images.Count} images.");
        return examples;
    }

    /// <summary>
    /// The evaluation examples, made with the model's audio front-end, and what they are as JSON (<c>split</c> and the
    /// source's own keys). AV-MNIST-FSDD: the recordings of <c>--split</c> (speaker-filtered) with the images of
    /// <c>--image-split</c>, labelled by digit. Videos: every moment, labelled by its video.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="context">The context of the decoding pipeline.</param>
    /// <param name="frontEnd">The model's recorded front-end (null: FSDD's default; videos need one).</param>
    /// <param name="modelPath">The model file, for errors.</param>
    /// <param name="modelFrameSize">The frame size the model requires, if any.</param>
    /// <remarks>Nothing is printed: standard output carries the report alone, and the description says what was evaluated.</remarks>
    public (AudioVisualExamples Examples, JsonObject Description) LoadEvaluation(ParseResult parse, MLContext context, AudioFrontEnd? frontEnd, string modelPath,
        int? modelFrameSize)
    {
        if (IsVideo(parse))
        {
            int size = parse.GetValue(FrameSize) ?? modelFrameSize ?? VideoFolderOptions.Defaults.FrameSize;
            var options = new VideoFolderOptions { FrameSize = size, Step = parse.GetValue(Step) }.WithFrontEnd(frontEnd, modelPath);
            var videos = LoadVideos(parse, context, options, log: null);
            return (videos.Examples, new JsonObject
            {
                ["split"] = "all",
                ["labels"] = "video",
                ["videos"] = videos.Videos.Count,
                ["skipped_moments"] = videos.SkippedMoments,
                ["unusable_videos"] = new JsonArray(videos.UnusableVideos.Select(v => (JsonNode?)v).ToArray()),
            });
        }
        string split = parse.GetValue(Split) ?? "all", imageSplit = parse.GetValue(ImageSplit) ?? split;
        var (recordings, images) = (DataArguments.ParseSplit(split), DataArguments.ParseSplit(imageSplit, ImageSplit.Name));
        var source = LoadFsdd(parse);
        var examples = AudioVisualExamples.FromAvMnistFsdd(source, recordings, 0, 0, frontEnd?.Options, images);
        return (examples, new JsonObject
        {
            ["split"] = split,
            ["image_split"] = imageSplit,
            ["speakers"] = new JsonArray(source.Speakers.Select(s => (JsonNode?)s).ToArray()),
        });
    }

    private VideoFolderExamples LoadVideos(ParseResult parse, MLContext context, VideoFolderOptions options, TextWriter? log)
    {
        options.Step = parse.GetValue(Step);
        string folder = parse.GetValue(Videos)!;
        log?.WriteLine($"Decoding the videos in {folder} ({options.FrameSize}x{options.FrameSize} frames, {options.ClipSeconds:0.##} s of audio every {options.Step:0.##} s)...");
        var videos = VideoFolderExamples.Load(context, folder, options);
        log?.WriteLine($"Videos: {videos.Summary}.");
        return videos;
    }

    /// <summary>AV-MNIST-FSDD, restricted to the speakers of <c>--speakers</c> and without those of <c>--exclude-speakers</c>.</summary>
    private AvMnistFsdd LoadFsdd(ParseResult parse)
    {
        var source = DataArguments.Load(parse.GetValue(Fsdd)!, parse.GetValue(Mnist)!);
        return FilterSpeakers(source, parse, Speakers, ExcludeSpeakers);
    }

    /// <summary><paramref name="source"/> restricted to the speakers of <paramref name="speakers"/> and without those of <paramref name="excludeSpeakers"/>.</summary>
    internal static AvMnistFsdd FilterSpeakers(AvMnistFsdd source, ParseResult parse, Option<string?> speakers, Option<string?> excludeSpeakers)
    {
        var only = SpeakerList(parse, speakers, source);
        var except = SpeakerList(parse, excludeSpeakers, source);
        if (only is null && except is null) return source;
        return source.WhereSpeaker(s => (only is null || only.Contains(s)) && (except is null || !except.Contains(s)));
    }

    private static HashSet<string>? SpeakerList(ParseResult parse, Option<string?> option, AvMnistFsdd source)
    {
        if (parse.GetValue(option) is not string text) return null;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0) throw new CliUsageException($"{option.Name} needs at least one speaker name.");
        var known = source.Speakers.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = names.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
            throw new CliUsageException($"{option.Name}: unknown speaker(s) {string.Join(", ", unknown)}; the FSDD folder holds {string.Join(", ", source.Speakers)}.");
        return names;
    }
}
