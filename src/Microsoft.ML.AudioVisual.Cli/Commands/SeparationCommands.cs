using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train separator</c>, <c>avl separate</c>, <c>avl eval separation</c> and <c>avl import sound-of-pixels</c>.</summary>
internal static class SeparationCommands
{
    /// <summary><c>avl train separator --fsdd DIR --mnist DIR --out MODEL [--mask binary|ratio] [--sources N]</c>.</summary>
    public static Command CreateTrain(CliOutput io)
    {
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (the training split is used).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with the MNIST idx files.", Required = true };
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var mask = new Option<string>("--mask") { Description = "binary (weighted BCE) or ratio (L1).", DefaultValueFactory = _ => "binary" };
        mask.AcceptOnlyFromAmong("binary", "ratio");
        var sources = new Option<int>("--sources") { Description = "Sources per mixture (2 to 4).", DefaultValueFactory = _ => 2 };
        var epochs = new Option<int>("--epochs") { Description = "Passes (each with fresh mixtures).", DefaultValueFactory = _ => 200 };
        var mixtures = new Option<int?>("--mixtures-per-epoch") { Description = "Mixtures per epoch (default: one per training recording)." };
        var batch = new Option<int>("--batch-size") { Description = "Mixtures per step.", DefaultValueFactory = _ => 16 };
        var rate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<int>("--seed") { Description = "Seed of mixtures, initialisation and images.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
        var minutes = new Option<double?>("--max-minutes") { Description = "Stop training after this many minutes.", DefaultValueFactory = _ => 18.0 };
        var checkpoints = new Option<string?>("--checkpoint-dir") { Description = "Checkpoint after every epoch here; resume from it." };
        var (speakers, excludeSpeakers) = SpeakerOptions();
        var command = new Command("separator", "Train MixAndSeparate (Sound of Pixels) on AV-MNIST-FSDD mixtures of the training split.")
        {
            fsdd, mnist, output, mask, sources, epochs, mixtures, batch, rate, seed, threads, minutes, checkpoints, speakers, excludeSpeakers,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var options = new MixAndSeparateOptions
            {
                AudioColumnName = AvMnistSeparationRows.AudioColumnName,
                VisualColumnName = AvMnistSeparationRows.ImageColumnName,
                GroupColumnName = AvMnistSeparationRows.GroupColumnName,
                Mask = parse.GetValue(mask) == "ratio" ? SeparationMask.Ratio : SeparationMask.Binary,
                Sources = parse.GetValue(sources),
                Epochs = parse.GetValue(epochs),
                MixturesPerEpoch = parse.GetValue(mixtures),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                MaxTrainingTime = parse.GetValue(minutes) is double m ? TimeSpan.FromMinutes(m) : null,
                CheckpointDirectory = parse.GetValue(checkpoints),
            };
            var context = new MLContext(seed: options.Seed);
            var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!), parse, speakers, excludeSpeakers);
            var rows = AvMnistSeparationRows.Load(context, source, Split.Train, options.FrontEnd.SampleRate, options.Seed!.Value);
            io.Out.WriteLine($"AV-MNIST-FSDD training split: {source.GetRecordingIndices(Split.Train).Count} recordings, {options.Sources}-source mixtures, {options.Mask} masks.");
            options.Progress = new EpochLines(io);
            using var model = context.AudioVisual().MixAndSeparate(options).Fit(rows);
            model.Save(parse.GetValue(output)!);
            io.Out.WriteLine($"Saved {parse.GetValue(output)} ({model.TrainingSummary!.Epochs} epochs, {model.TrainingSummary.Steps} steps, {model.TrainingSummary.Elapsed.TotalMinutes:0.0} min).");
            return 0;
        }));
        return command;
    }

    /// <summary><c>avl separate --model MODEL --mixture MIX.wav --image A.png [--image B.png ...] --out DIR</c>.</summary>
    public static Command CreateSeparate(CliOutput io)
    {
        var modelPath = new Option<string>("--model") { Description = "A MixAndSeparate model file.", Required = true };
        var mixture = new Option<string>("--mixture") { Description = "The mixture (any audio file).", Required = true };
        var images = new Option<string[]>("--image")
        {
            Description = "One picture per source, in order.", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "Folder for source_<i>.wav and mask_<i>.npy.", Required = true };
        var threshold = MaskThresholdOption();
        var command = new Command("separate", "Separate a mixture into one sound per picture.") { modelPath, mixture, images, output, threshold };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: 0);
            using var model = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(parse.GetValue(modelPath)!);
            ApplyMaskThreshold(model, parse.GetValue(threshold));
            var imagePaths = parse.GetValue(images)!;
            if (imagePaths.Length != model.Options.Sources)
                throw new CliUsageException($"The model separates {model.Options.Sources} sources: give {model.Options.Sources} --image files, got {imagePaths.Length}.");
            var shape = model.VisualShape;
            var visuals = imagePaths.Select(path =>
            {
                var frame = ModelInputFiles.Image(path, shape.Channels, shape.Height, shape.Width);
                return Enumerable.Repeat(frame, shape.Frames).SelectMany(v => v).ToArray();
            }).ToArray();
            var samples = MediaDecoder.DecodeAudio(parse.GetValue(mixture)!, model.FrontEnd.SampleRate).Samples;
            var result = model.Separate(samples, visuals);
            string folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            for (int i = 0; i < result.Sources.Length; i++)
            {
                WavFile.Write(Path.Combine(folder, $"source_{i}.wav"), result.Sources[i], model.FrontEnd.SampleRate);
                NpyFile.Write(Path.Combine(folder, $"mask_{i}.npy"), result.Masks[i], result.MaskBins, result.MaskFrames);
                io.Out.WriteLine($"{Path.Combine(folder, $"source_{i}.wav")} <- {imagePaths[i]}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary><c>avl eval separation --model MODEL --fsdd DIR --mnist DIR --json OUT.json [--split test]</c>.</summary>
    public static Command CreateEval(CliOutput io)
    {
        var modelPath = new Option<string>("--model") { Description = "A MixAndSeparate model file.", Required = true };
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (any speakers).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with MNIST idx files.", Required = true };
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "test: only the official test split (FSDD takes 0-4, MNIST after the first 6,400)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the mixture manifest.", DefaultValueFactory = _ => 0 };
        var (speakers, excludeSpeakers) = SpeakerOptions();
        var threshold = MaskThresholdOption();
        var command = new Command("separation", "NSDR, SDR, SIR, SAR of the model beside the mixture baseline and the ideal binary mask, as JSON.")
        {
            modelPath, fsdd, mnist, json, split, seed, speakers, excludeSpeakers, threshold,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            using var model = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(parse.GetValue(modelPath)!);
            ApplyMaskThreshold(model, parse.GetValue(threshold));
            var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!), parse, speakers, excludeSpeakers);
            var report = SeparationEvaluator.EvaluateAvMnist(model, source, DataArguments.ParseSplit(parse.GetValue(split)), parse.GetValue(seed));
            var node = new JsonObject
            {
                ["nsdr"] = report.Nsdr,
                ["sdr"] = report.Sdr,
                ["sir"] = report.Sir,
                ["sar"] = report.Sar,
                ["mixture_sdr"] = report.MixtureSdr,
                ["oracle_ibm_nsdr"] = report.OracleIbmNsdr,
                ["mixtures"] = report.Mixtures,
                ["skipped"] = report.Skipped,
                ["split"] = parse.GetValue(split) ?? "all",
                ["mask_threshold"] = model.Options.Mask == SeparationMask.Ratio ? "ratio" : model.BinaryMaskThreshold is float t ? t : "soft",
            };
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            io.WriteJson(node);
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
    private static (Option<string?> Speakers, Option<string?> ExcludeSpeakers) SpeakerOptions() =>
    (
        new("--speakers") { Description = "Only these FSDD speakers (comma-separated); mixtures are then of these speakers' recordings." },
        new("--exclude-speakers") { Description = "All FSDD speakers but these (comma-separated), e.g. to evaluate on a speaker the model never heard." }
    );

    /// <summary><c>--mask-threshold T|soft</c>: how a binary-mask model's masks are applied (default: as the model says).</summary>
    private static Option<string?> MaskThresholdOption() =>
        new("--mask-threshold")
        {
            Description = "Binary-mask models: threshold the masks at T (the official evaluation uses 0.5) or apply them soft (default: the model's setting; trained models are soft, imported official ones 0.5).",
        };

    private static void ApplyMaskThreshold(MixAndSeparateTransformer model, string? value)
    {
        if (value is null) return;
        if (value == "soft") model.BinaryMaskThreshold = null;
        else if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float t) && t is > 0 and < 1) model.BinaryMaskThreshold = t;
        else throw new CliUsageException($"--mask-threshold must be a number between 0 and 1 (exclusive) or 'soft', got '{value}'.");
    }

    /// <summary>One line per epoch: loss and validation metrics.</summary>
    private sealed class EpochLines(CliOutput io) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (!value.IsEpochEnd) return;
            string validation = value.Validation is { } v ? ", validation " + TrainingProgress.Describe(v) : "";
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:0.0000}{validation} ({value.Elapsed.TotalSeconds:0} s)"));
        }
    }
}
