using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train separator</c>, <c>avl separate</c>, <c>avl eval separation</c> and <c>avl import sound-of-pixels</c>.</summary>
internal static class SeparationCommands
{
    /// <summary>The default training budget of <c>avl train separator</c>: the issue's "at most 20 minutes on 2 cores", with room for loading and saving.</summary>
    internal const double DefaultMaxMinutes = 18;

    /// <summary>
    /// <c>avl train separator (--fsdd DIR --mnist DIR | --videos DIR) --out MODEL [--mask binary|ratio|wiener] [--sources N]</c>:
    /// AV-MNIST-FSDD mixtures of the training split, or mixtures of clips of the user's videos (each video one source).
    /// </summary>
    public static Command CreateTrain(CliOutput io)
    {
        var fsdd = new Option<string?>("--fsdd") { Description = "Folder of FSDD WAV recordings (the training split is used; with --mnist; or give --videos)." };
        var mnist = new Option<string?>("--mnist") { Description = "Folder with the MNIST idx files (with --fsdd)." };
        var videos = new Option<string?>("--videos") { Description = "Folder of videos instead of --fsdd/--mnist: each video one source, cut into clips, its frames as the picture." };
        var framesPerClip = new Option<int>("--frames-per-clip") { Description = "--videos: frames per clip, evenly spaced from its start.", DefaultValueFactory = _ => 1 };
        var defaults = new MixAndSeparateOptions();
        var mask = MaskArgument.Create(defaults.Mask);
        var sources = new Option<int>("--sources") { Description = "Sources per mixture (2 to 4).", DefaultValueFactory = _ => defaults.Sources };
        var mixtures = new Option<int?>("--mixtures-per-epoch") { Description = "Mixtures per epoch (default: one per training recording or clip)." };
        var sourceGain = new Option<double>("--source-gain") { Description = "Training: each source's loudness changes by up to +/- this many dB.", DefaultValueFactory = _ => defaults.SourceGain };
        var mixtureGain = new Option<double>("--mixture-gain") { Description = "Training: each mixture's loudness changes by up to +/- this many dB.", DefaultValueFactory = _ => defaults.MixtureGain };
        var lossWeight = new Option<string>("--loss-weight")
        {
            Description = "per-source: each bin weighs by the mixture's magnitude relative to that source's mean magnitude; mixture: the official log1p(mixture magnitude).",
            DefaultValueFactory = _ => LossWeightName(defaults.LossWeight),
        };
        lossWeight.AcceptOnlyFromAmong(LossWeightName(SeparationLossWeight.PerSource), LossWeightName(SeparationLossWeight.Mixture));
        var conditionSoundNet = new Option<bool>("--condition-sound-net")
        {
            Description = "Each source's picture also conditions the sound net (FiLM of the U-Net's bottleneck and decoder; on by default); --condition-sound-net false: the paper's late fusion in the synthesizer only.",
            DefaultValueFactory = _ => defaults.Architecture.ConditionSoundNet,
        };
        var frequencyAxis = new Option<string>("--frequency-axis")
        {
            Description = "Rows of the network's spectrogram: log (the official log-frequency warp) or linear (evenly spaced over the STFT bins).",
            DefaultValueFactory = _ => FrequencyAxisName(defaults.FrontEnd.FrequencyAxis),
        };
        frequencyAxis.AcceptOnlyFromAmong(FrequencyAxisName(SeparationFrequencyAxis.Logarithmic), FrequencyAxisName(SeparationFrequencyAxis.Linear));
        var upsampling = new Option<string>("--upsampling")
        {
            Description = "How the sound net's decoder doubles the spectrogram: bilinear (bilinear up-sampling and a 3 x 3 convolution, official) or transposed (a 4 x 4 stride-2 transposed convolution, about half the arithmetic).",
            DefaultValueFactory = _ => UpsamplingName(defaults.Architecture.Upsampling),
        };
        upsampling.AcceptOnlyFromAmong(UpsamplingName(UNetUpsampling.BilinearConvolution), UpsamplingName(UNetUpsampling.TransposedConvolution));
        var soundNetWidth = new Option<int>("--sound-net-width")
        {
            Description = "Base width of the sound net's U-Net (level i has width x 2^min(i, 3) channels).",
            DefaultValueFactory = _ => defaults.Architecture.Width,
        };
        var training = new TrainingArguments(defaults);
        training.MaxMinutes.DefaultValueFactory = _ => DefaultMaxMinutes;
        training.Epochs.Description = "Passes, each with fresh mixtures.";
        training.BatchSize.Description = "Mixtures per step.";
        training.Seed.Description = "Seed of mixtures, initialisation and images.";
        var (speakers, excludeSpeakers) = SpeakerOptions();
        var command = new Command("separator", "Train MixAndSeparate (Sound of Pixels) on AV-MNIST-FSDD mixtures of the training split, or on mixtures of a folder of videos.")
        {
            fsdd, mnist, videos, framesPerClip, mask, lossWeight, conditionSoundNet, upsampling, soundNetWidth, frequencyAxis, sources, mixtures, sourceGain, mixtureGain, speakers, excludeSpeakers,
        };
        foreach (var option in training.All) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            string? videoFolder = parse.GetValue(videos), fsddFolder = parse.GetValue(fsdd), mnistFolder = parse.GetValue(mnist);
            if (videoFolder is not null && (fsddFolder is not null || mnistFolder is not null))
                throw new CliUsageException("--videos and --fsdd/--mnist are two sources of training data: give one of them.");
            if (videoFolder is null && (fsddFolder is null || mnistFolder is null))
                throw new CliUsageException(fsddFolder is not null || mnistFolder is not null
                    ? "--fsdd and --mnist go together (AV-MNIST-FSDD)."
                    : "Give a source of training data: --videos DIR, or --fsdd DIR --mnist DIR.");
            var misplaced = (videoFolder is null ? [framesPerClip] : new Option[] { speakers, excludeSpeakers }).Where(parse.Given).Select(o => o.Name).ToArray();
            if (misplaced.Length > 0)
                throw new CliUsageException($"{string.Join(", ", misplaced)} {(misplaced.Length == 1 ? "applies" : "apply")} only with {(videoFolder is null ? "--videos" : "--fsdd/--mnist")}.");
            var options = new MixAndSeparateOptions
            {
                Mask = MaskArgument.Parse(parse.GetValue(mask)!),
                Sources = parse.GetValue(sources),
                MixturesPerEpoch = parse.GetValue(mixtures),
                SourceGain = parse.GetValue(sourceGain),
                MixtureGain = parse.GetValue(mixtureGain),
                LossWeight = parse.GetValue(lossWeight) == LossWeightName(SeparationLossWeight.Mixture) ? SeparationLossWeight.Mixture : SeparationLossWeight.PerSource,
                MaxTrainingTime = TimeSpan.FromMinutes(DefaultMaxMinutes),
            };
            options.Architecture = options.Architecture with
            {
                ConditionSoundNet = parse.GetValue(conditionSoundNet),
                Width = parse.GetValue(soundNetWidth),
                Upsampling = parse.GetValue(upsampling) == UpsamplingName(UNetUpsampling.TransposedConvolution) ? UNetUpsampling.TransposedConvolution : UNetUpsampling.BilinearConvolution,
            };
            options.FrontEnd = options.FrontEnd with
            {
                FrequencyAxis = parse.GetValue(frequencyAxis) == FrequencyAxisName(SeparationFrequencyAxis.Linear) ? SeparationFrequencyAxis.Linear : SeparationFrequencyAxis.Logarithmic,
            };
            training.ApplyTrainingTo(options, parse);
            var context = new MLContext(seed: options.Seed);
            IDataView rows;
            if (videoFolder is not null)
            {
                io.Out.WriteLine($"Decoding the videos in {videoFolder} ({options.FrontEnd.ClipSamples / (double)options.FrontEnd.SampleRate:0.###} s clips at {options.FrontEnd.SampleRate} Hz, {parse.GetValue(framesPerClip)} frame(s) of {options.FrontEnd.ImageSize} px per clip)...");
                (options.AudioColumnName, options.VisualColumnName, options.GroupColumnName) =
                    (SeparationRows.AudioColumnName, SeparationRows.ImageColumnName, SeparationRows.GroupColumnName);
                var decoded = SeparationVideoRows.Load(context, videoFolder, options.FrontEnd, parse.GetValue(framesPerClip));
                io.Out.WriteLine($"Videos: {decoded.Summary}; {options.Sources}-source mixtures of different videos, {options.Mask} masks.");
                rows = decoded.Rows;
            }
            else
            {
                (options.AudioColumnName, options.VisualColumnName, options.GroupColumnName) =
                    (AvMnistSeparationRows.AudioColumnName, AvMnistSeparationRows.ImageColumnName, AvMnistSeparationRows.GroupColumnName);
                var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(fsddFolder!, mnistFolder!), parse, speakers, excludeSpeakers);
                rows = AvMnistSeparationRows.Load(context, source, Split.Train, options.FrontEnd.SampleRate, options.Seed!.Value);
                io.Out.WriteLine($"AV-MNIST-FSDD training split: {source.GetRecordingIndices(Split.Train).Count} recordings, {options.Sources}-source mixtures, {options.Mask} masks.");
            }
            options.Progress = new EpochLines(io);
            using var model = context.AudioVisual().MixAndSeparate(options).Fit(rows);
            model.Save(parse.GetValue(training.Output)!);
            var summary = model.TrainingSummary!;
            io.Out.WriteLine($"Saved {parse.GetValue(training.Output)} ({summary.Epochs} epochs, {summary.Steps} steps, {summary.Elapsed.TotalMinutes:0.0} min" +
                             (summary.StoppedByTimeLimit ? ", stopped by the time limit" : "") +
                             (model.Options.AppliedMaskExponent is float p ? string.Create(CultureInfo.InvariantCulture, $", mask exponent {p}") : "") + ").");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// <c>avl separate --model MODEL --mixture MIX.wav (--image A.png --image B.png ... | --video A.mp4 --video B.mp4) --out DIR [--pixels]</c>:
    /// pictures for a MixAndSeparate model, videos for a Sound of Motions one.
    /// </summary>
    public static Command CreateSeparate(CliOutput io)
    {
        var modelPath = new Option<string>("--model") { Description = "A MixAndSeparate model (trained, or imported with avl import sound-of-pixels) or a Sound of Motions model.", Required = true };
        var mixture = new Option<string>("--mixture") { Description = "The mixture (any audio file).", Required = true };
        var images = new Option<string[]>("--image")
        {
            Description = "MixAndSeparate models: one picture per source, in order.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var videos = new Option<string[]>("--video")
        {
            Description = "Sound of Motions models: one video per source, in order, starting with the mixture.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for source_<i>.wav, mask_<i>.npy, mask_<i>.png, source_<i>_spectrogram.png and mixture_spectrogram.png.", Required = true,
        };
        var pixels = new Option<bool>("--pixels") { Description = "MixAndSeparate models: also write pixels_<i>.png, per pixel of each picture the sound energy it separates, as a heat map." };
        var threshold = MaskThresholdOption();
        var normalize = NormalizeMasksOption();
        var exponent = MaskExponentOption();
        var shifts = TimeShiftsOption();
        var command = new Command("separate", "Separate a mixture into one sound per picture (or per video); writes WAVs, masks and spectrogram PNGs.")
        {
            modelPath, mixture, images, videos, output, pixels, threshold, normalize, exponent, shifts,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: 0);
            string path = parse.GetValue(modelPath)!, folder = parse.GetValue(output)!;
            var model = context.AudioVisual().LoadTransformer(path);
            using var owned = model as IDisposable;
            string[] imagePaths = parse.GetValue(images) ?? [], videoPaths = parse.GetValue(videos) ?? [];
            if (model is SoundOfMotionsTransformer motion)
            {
                if (imagePaths.Length > 0 || parse.GetValue(pixels))
                    throw new CliUsageException($"'{path}' is a Sound of Motions model: it separates by the sources' videos (--video), not pictures (--image, --pixels).");
                if (videoPaths.Length != SoundOfMotionsOptions.Sources)
                    throw new CliUsageException($"The model separates {SoundOfMotionsOptions.Sources} sources: give {SoundOfMotionsOptions.Sources} --video files, got {videoPaths.Length}.");
                ApplyMaskThreshold(t => motion.BinaryMaskThreshold = t, parse.GetValue(threshold));
                var samples = MediaDecoder.DecodeAudio(parse.GetValue(mixture)!, motion.FrontEnd.SampleRate).Samples;
                double seconds = samples.Length / (double)motion.FrontEnd.SampleRate;
                var frames = videoPaths.Select(v => MotionSeparatorCommands.LoadVideo(motion, v, seconds)).ToArray();
                var result = motion.Separate(samples, frames);
                SeparationOutputFolder.Write(folder, motion.FrontEnd, samples, result);
                for (int i = 0; i < result.Sources.Length; i++) io.Out.WriteLine($"{Path.Combine(folder, $"source_{i}.wav")} <- {videoPaths[i]}");
                io.Out.WriteLine($"Wrote masks and spectrograms (PNG) to {folder} ({motion.FramesPerClip} frames of {motion.FrameSize} px per {motion.FrontEnd.ClipSamples / (double)motion.FrontEnd.SampleRate:0.###} s clip).");
                return 0;
            }
            var pictureModel = model as MixAndSeparateTransformer ?? throw new InvalidDataException($"'{path}' holds no separation model (MixAndSeparate or Sound of Motions).");
            if (videoPaths.Length > 0)
                throw new CliUsageException($"'{path}' is a MixAndSeparate model: it separates by one picture per source (--image), not videos (--video).");
            ApplyMaskThreshold(pictureModel, parse.GetValue(threshold));
            ApplyNormalizeMasks(pictureModel, parse.GetValue(normalize));
            ApplyMaskExponent(pictureModel, parse.GetValue(exponent));
            ApplyTimeShifts(pictureModel, parse.GetValue(shifts));
            if (imagePaths.Length != pictureModel.Options.Sources)
                throw new CliUsageException($"The model separates {pictureModel.Options.Sources} sources: give {pictureModel.Options.Sources} --image files, got {imagePaths.Length}.");
            var pictures = imagePaths.Select(p => SeparationImageFiles.Load(pictureModel, p)).ToArray();
            var visuals = pictures.Select(p => p.Visual).ToArray();
            var mixtureSamples = MediaDecoder.DecodeAudio(parse.GetValue(mixture)!, pictureModel.FrontEnd.SampleRate).Samples;
            var separated = pictureModel.Separate(mixtureSamples, visuals);
            var maps = parse.GetValue(pixels) ? pictureModel.PixelEnergy(mixtureSamples, visuals) : null;
            SeparationOutputFolder.Write(folder, pictureModel.FrontEnd, mixtureSamples, separated, pictures: maps is null ? null : pictures, pixelMaps: maps);
            for (int i = 0; i < separated.Sources.Length; i++) io.Out.WriteLine($"{Path.Combine(folder, $"source_{i}.wav")} <- {imagePaths[i]}");
            io.Out.WriteLine($"Wrote masks and spectrograms (PNG){(maps is null ? "" : " and per-pixel heat maps (pixels_<i>.png)")} to {folder}.");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// <c>avl eval separation --model MODEL --fsdd DIR --mnist DIR --json OUT.json [--split test] [--look-alike] [--duets N]</c>:
    /// AV-MNIST-FSDD mixtures, or look-alike duets (any separator; a Sound of Motions model is always scored on duets).
    /// </summary>
    public static Command CreateEval(CliOutput io)
    {
        var modelPath = new Option<string>("--model") { Description = "A MixAndSeparate or Sound of Motions model file.", Required = true };
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (any speakers).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with MNIST idx files.", Required = true };
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "test: only the official test split (FSDD takes 0-4, MNIST after the first 6,400)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the mixture manifest.", DefaultValueFactory = _ => 0 };
        var lookAlike = new Option<bool>("--look-alike")
        {
            Description = "Score look-alike duets: both sources show the same moving image, so only the motion tells them apart (appearance-only models cannot). " +
                          "Without it, Sound of Motions models are scored on different-looking duets.",
        };
        var duets = new Option<int?>("--duets") { Description = "Duets: at most this many (default one per recording)." };
        var (speakers, excludeSpeakers) = SpeakerOptions();
        var threshold = MaskThresholdOption();
        var normalize = NormalizeMasksOption();
        var exponent = MaskExponentOption();
        var shifts = TimeShiftsOption();
        var command = new Command("separation", "NSDR, SDR, SIR, SAR of the model beside the mixture baseline and the ideal binary mask, as JSON.")
        {
            modelPath, fsdd, mnist, json, split, seed, lookAlike, duets, speakers, excludeSpeakers, threshold, normalize, exponent, shifts,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            string path = parse.GetValue(modelPath)!;
            var model = context.AudioVisual().LoadTransformer(path);
            using var owned = model as IDisposable;
            var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!), parse, speakers, excludeSpeakers);
            var dataSplit = DataArguments.ParseSplit(parse.GetValue(split));
            bool duetsOnly = parse.GetValue(lookAlike) || model is SoundOfMotionsTransformer;
            if (!duetsOnly && parse.Given(duets)) throw new CliUsageException("--duets applies to duets: add --look-alike.");
            double fraction = parse.GetValue(lookAlike) ? 1.0 : 0.0;
            SeparationReport report;
            JsonNode maskThreshold;
            bool normalizedMasks = false;
            JsonNode? maskExponent = null;
            int timeShifts = 1;
            string kind;
            switch (model)
            {
                case SoundOfMotionsTransformer motion:
                    ApplyMaskThreshold(t => motion.BinaryMaskThreshold = t, parse.GetValue(threshold));
                    report = SeparationEvaluator.EvaluateDuets(motion, source, dataSplit, parse.GetValue(seed), parse.GetValue(duets), fraction);
                    maskThreshold = MaskThresholdJson(motion.Options.Mask, motion.BinaryMaskThreshold);
                    kind = "SoundOfMotions";
                    break;
                case MixAndSeparateTransformer pictures:
                    ApplyMaskThreshold(pictures, parse.GetValue(threshold));
                    ApplyNormalizeMasks(pictures, parse.GetValue(normalize));
                    ApplyMaskExponent(pictures, parse.GetValue(exponent));
                    ApplyTimeShifts(pictures, parse.GetValue(shifts));
                    timeShifts = pictures.TimeShifts;
                    normalizedMasks = pictures.Options.NormalizesAppliedMasks;
                    maskExponent = MaskExponentJson(pictures);
                    report = duetsOnly
                        ? SeparationEvaluator.EvaluateDuets(pictures, source, dataSplit, parse.GetValue(seed), parse.GetValue(duets), fraction)
                        : SeparationEvaluator.EvaluateAvMnist(pictures, source, dataSplit, parse.GetValue(seed));
                    maskThreshold = MaskThresholdJson(pictures);
                    kind = "MixAndSeparate";
                    break;
                default:
                    throw new InvalidDataException($"'{path}' holds no separation model (MixAndSeparate or Sound of Motions).");
            }
            var node = ReportJson(report);
            node["split"] = parse.GetValue(split) ?? "all";
            node["mask_threshold"] = maskThreshold;
            node["normalized_masks"] = normalizedMasks;
            node["mask_exponent"] = maskExponent;
            node["time_shifts"] = timeShifts;
            node["model_kind"] = kind;
            node["look_alike"] = parse.GetValue(lookAlike);
            node["duets"] = duetsOnly;
            string jsonPath = parse.GetValue(json)!;
            AtomicFile.WriteAllText(jsonPath, CliOutput.ToJson(node));
            if (io.RenderReport && duetsOnly)
                DuetExample.Write(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, "duet"), model, source, dataSplit, parse.GetValue(seed), fraction);
            io.WriteJson(node);
            io.ReportOn(jsonPath);
            return 0;
        }));
        return command;
    }

    /// <summary><c>avl import sound-of-pixels --sound S.pth --frame F.pth --synthesizer Y.pth --out MODEL.zip</c>.</summary>
    public static Command CreateImport(CliOutput io)
    {
        var sound = new Option<string>("--sound") { Description = "The official sound net state dict (net_sound.pth).", Required = true };
        var frame = new Option<string>("--frame") { Description = "The official frame net state dict (net_frame.pth).", Required = true };
        var synthesizer = new Option<string>("--synthesizer") { Description = "The official synthesizer state dict (net_synthesizer.pth).", Required = true };
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var soundOfPixels = new Command("sound-of-pixels", "Import the official Sound of Pixels checkpoints as a MixAndSeparate model.") { sound, frame, synthesizer, output };
        soundOfPixels.SetAction(parse => io.Guard(() =>
        {
            using var model = MixAndSeparateTransformer.FromOfficialCheckpoints(new MLContext(seed: 0), parse.GetValue(sound)!, parse.GetValue(frame)!, parse.GetValue(synthesizer)!);
            model.Save(parse.GetValue(output)!);
            io.Out.WriteLine($"Saved {parse.GetValue(output)} (K = {model.Options.Architecture.Channels}, U-Net with {model.Options.Architecture.Downs} levels).");
            return 0;
        }));
        var command = new Command("import", "Import models trained elsewhere.");
        command.Subcommands.Add(soundOfPixels);
        return command;
    }

    /// <summary><c>--speakers</c> and <c>--exclude-speakers</c>: mixtures of (un)heard speakers.</summary>
    internal static (Option<string?> Speakers, Option<string?> ExcludeSpeakers) SpeakerOptions() =>
    (
        new("--speakers") { Description = "Only these FSDD speakers (comma-separated); mixtures are then of these speakers' recordings." },
        new("--exclude-speakers") { Description = "All FSDD speakers but these (comma-separated), e.g. to evaluate on a speaker the model never heard." }
    );

    /// <summary><c>--mask-threshold T|soft</c>: how a binary-mask model's masks are applied (default: as the model says).</summary>
    internal static Option<string?> MaskThresholdOption() =>
        new("--mask-threshold")
        {
            Description = "Binary-mask models: threshold the masks at T (the official evaluation uses 0.5) or apply them soft (default: the model's setting; trained models are soft, imported official ones 0.5).",
        };

    /// <summary>The <c>--loss-weight</c> value of <paramref name="weight"/>: <c>per-source</c> or <c>mixture</c>.</summary>
    internal static string LossWeightName(SeparationLossWeight weight) => weight == SeparationLossWeight.PerSource ? "per-source" : "mixture";

    /// <summary>The <c>--upsampling</c> value of <paramref name="upsampling"/>: <c>bilinear</c> or <c>transposed</c>.</summary>
    internal static string UpsamplingName(UNetUpsampling upsampling) => upsampling == UNetUpsampling.TransposedConvolution ? "transposed" : "bilinear";

    /// <summary>The <c>--frequency-axis</c> value of <paramref name="axis"/>: <c>log</c> or <c>linear</c>.</summary>
    internal static string FrequencyAxisName(SeparationFrequencyAxis axis) => axis == SeparationFrequencyAxis.Linear ? "linear" : "log";

    /// <summary><c>--normalize-masks on|off</c>: whether a MixAndSeparate model's soft masks are divided by their sum (default: as the model says).</summary>
    internal static Option<string?> NormalizeMasksOption()
    {
        var option = new Option<string?>("--normalize-masks")
        {
            Description = "MixAndSeparate models applying soft binary masks: on divides the masks by their sum in every bin, so that the separated sources add up to the mixture; off applies them as predicted (default: the model's setting, on for trained models).",
        };
        option.AcceptOnlyFromAmong("on", "off");
        return option;
    }

    /// <summary><c>--mask-exponent P</c>: the power a MixAndSeparate model's normalised masks are raised to (default: as the model says).</summary>
    internal static Option<double?> MaskExponentOption() => new("--mask-exponent")
    {
        Description = "MixAndSeparate models normalising their masks: raise the masks to this power before dividing them by their sum (above 1 sharpens them; default: the model's setting, picked on held-out mixtures by training).",
    };

    /// <summary>Applies <c>--mask-exponent</c> to <paramref name="model"/> when it was given.</summary>
    internal static void ApplyMaskExponent(MixAndSeparateTransformer model, double? value)
    {
        if (value is null) return;
        if (!(value > 0) || !double.IsFinite(value.Value)) throw new CliUsageException($"--mask-exponent must be a positive number, got {value}.");
        model.MaskExponent = value.Value;
    }

    /// <summary><c>--time-shifts N</c>: how many hop-fraction delays a MixAndSeparate model averages (default: as the model says).</summary>
    internal static Option<int?> TimeShiftsOption() => new("--time-shifts")
    {
        Description = $"MixAndSeparate models: separate each mixture N times, delayed by fractions of the STFT hop, and average the results (1: once, as the official code; default: the model's setting, {MixAndSeparateOptions.DefaultTimeShifts} for trained models).",
    };

    /// <summary>Applies <c>--time-shifts</c> to <paramref name="model"/> when it was given.</summary>
    internal static void ApplyTimeShifts(MixAndSeparateTransformer model, int? value)
    {
        if (value is null) return;
        if (value < 1) throw new CliUsageException($"--time-shifts must be at least 1, got {value}.");
        model.TimeShifts = value.Value;
    }

    /// <summary>The <c>mask_exponent</c> of reports: the power normalised masks were raised to, or null when they were applied as predicted.</summary>
    internal static JsonNode? MaskExponentJson(MixAndSeparateTransformer model) => model.Options.AppliedMaskExponent is float p ? (double)p : null;

    /// <summary>Applies <c>--normalize-masks</c> to <paramref name="model"/> when it was given.</summary>
    internal static void ApplyNormalizeMasks(MixAndSeparateTransformer model, string? value)
    {
        if (value is not null) model.NormalizeSoftMasks = value == "on";
    }

    /// <summary>Applies <c>--mask-threshold</c> to <paramref name="model"/> when it was given.</summary>
    internal static void ApplyMaskThreshold(MixAndSeparateTransformer model, string? value) => ApplyMaskThreshold(t => model.BinaryMaskThreshold = t, value);

    /// <summary>Parses <c>--mask-threshold</c> and hands it to <paramref name="apply"/> when it was given.</summary>
    internal static void ApplyMaskThreshold(Action<float?> apply, string? value)
    {
        if (value is null) return;
        if (value == "soft") apply(null);
        else if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float t) && t is > 0 and < 1) apply(t);
        else throw new CliUsageException($"--mask-threshold must be a number between 0 and 1 (exclusive) or 'soft', got '{value}'.");
    }

    /// <summary>How the model applied its masks, for reports: "ratio", "soft" or the threshold.</summary>
    internal static JsonNode MaskThresholdJson(MixAndSeparateTransformer model) => MaskThresholdJson(model.Options.Mask, model.BinaryMaskThreshold);

    /// <summary>How masks of <paramref name="mask"/> kind are applied, for reports: "ratio", "soft" or the threshold.</summary>
    internal static JsonNode MaskThresholdJson(SeparationMask mask, float? threshold) =>
        mask == SeparationMask.Ratio ? "ratio" : threshold is float t ? t : "soft";

    /// <summary>The scores of a <see cref="SeparationReport"/> as JSON (dB), beside the mixture baseline and the ideal-binary-mask oracle.</summary>
    internal static JsonObject ReportJson(SeparationReport report) => new()
    {
        ["nsdr"] = report.Nsdr,
        ["sdr"] = report.Sdr,
        ["sir"] = report.Sir,
        ["sar"] = report.Sar,
        ["mixture_sdr"] = report.MixtureSdr,
        ["oracle_ibm_nsdr"] = report.OracleIbmNsdr,
        ["mixtures"] = report.Mixtures,
        ["skipped"] = report.Skipped,
    };

    /// <summary>One line per epoch: loss and validation metrics.</summary>
    internal sealed class EpochLines(CliOutput io) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (!value.IsEpochEnd) return;
            string validation = value.Validation is { } v ? ", validation " + TrainingProgress.Describe(v) : "";
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:0.0000}{validation} ({value.Elapsed.TotalSeconds:0} s)"));
        }
    }
}
