using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Reports;
using Microsoft.ML.AudioVisual.Rendering.Reports;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl demo [--data DIR] [--out DIR]</c>: the main job. Trains AVE-Net on the embedded synthetic data (or
/// AV-MNIST-FSDD from DIR) within a few minutes, evaluates it on held-out data next to its baselines, and
/// writes the model and a report. <c>avl demo separation</c> is the separation demo (<see cref="SeparationDemoCommand"/>).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliOutput io)
    {
        var data = new Option<string?>("--data") { Description = "A folder holding fsdd/recordings and mnist (e.g. ../shared/data) for AV-MNIST-FSDD; default: the embedded synthetic data." };
        var output = new Option<string>("--out") { Description = "Folder for model.zip, report.json, report.md and report.html.", DefaultValueFactory = _ => "avl-demo-output" };
        var minutes = new Option<double>("--minutes") { Description = "Training time limit in minutes.", DefaultValueFactory = _ => 3.5 };
        var seed = new Option<int>("--seed") { Description = "Seed of data, initialisation and sampling.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
        var command = new Command("demo", "Train AVE-Net on embedded synthetic data (or AV-MNIST-FSDD) and report what it learned next to baselines.")
        {
            data, output, minutes, seed, threads,
        };
        command.Subcommands.Add(SeparationDemoCommand.Create(io));
        command.SetAction(parse => io.Guard(() => Run(io, parse.GetValue(data), parse.GetValue(output)!, parse.GetValue(minutes), parse.GetValue(seed), parse.GetValue(threads))));
        return command;
    }

    private static int Run(CliOutput io, string? dataFolder, string outFolder, double minutes, int seed, int? threads)
    {
        if (!(minutes > 0)) throw new CliUsageException($"--minutes must be positive, got {minutes}.");
        var (name, train, test) = dataFolder is null ? Synthetic(seed) : AvMnistFsdd(dataFolder, seed);
        io.Out.WriteLine($"{name}: training on {train.Pairs.Count} pairs; evaluating on {test.Spectrograms.Count} held-out sounds and {test.Images.Count} images.");

        var context = new MLContext(seed: seed);
        var options = new AvcEmbeddingOptions
        {
            Epochs = 200, // the time limit ends training
            Seed = seed,
            Threads = threads,
            MaxTrainingTime = TimeSpan.FromMinutes(minutes),
            VisualColumnName = AudioVisualExamples.ImageColumnName,
            AudioColumnName = AudioVisualExamples.SpectrogramColumnName,
            GroupColumnName = AudioVisualExamples.GroupColumnName,
            ValidationFraction = 0.05,
        };
        using var model = TrainingRunner.FitAvc(io, context, train.PairsView(context), options);
        io.Out.WriteLine("Evaluating (correspondence, retrieval, 5-fold linear probes)...");
        var report = io.Busy("Evaluating", () => AvcEvaluator.Evaluate(new MLContext(seed: seed), model, test, seed));

        Directory.CreateDirectory(outFolder);
        model.Save(Path.Combine(outFolder, "model.zip"));
        var training = model.TrainingSummary!;
        AtomicFile.WriteAllText(Path.Combine(outFolder, "report.json"), CliOutput.ToJson(AvcReportWriter.TrainingJson(report, name, training)));
        AtomicFile.WriteAllText(Path.Combine(outFolder, "report.md"), AvcReportWriter.TrainingMarkdown(report, name, training, seed));
        TrainingRunner.SaveTrainingLog(model, Path.Combine(outFolder, RunReport.TrainingLogSuffix));
        RetrievalExamples.WriteAudioToImage(outFolder, test, model.EmbedAudio(test.Spectrograms), model.EmbedVisual(test.Images));
        RunReport.Write(outFolder);
        io.Out.WriteLine();
        io.Out.Write(AvcReportWriter.MarkdownTable(report));
        io.Out.WriteLine($"\nWrote {Path.Combine(outFolder, "model.zip")}, report.json, report.md and {RunReport.FileName}.");
        return 0;
    }

    private static (string Name, AudioVisualExamples Train, AudioVisualExamples Test) Synthetic(int seed)
    {
        // Item i depends only on (seed, i): two seeds give disjoint train and test items.
        var train = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(6000, seed));
        var test = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(1000, seed + 7919));
        return ("embedded synthetic audio-visual data (10 classes)", train, test);
    }

    private static (string Name, AudioVisualExamples Train, AudioVisualExamples Test) AvMnistFsdd(string folder, int seed)
    {
        string fsdd = Directory.Exists(Path.Combine(folder, "fsdd", "recordings")) ? Path.Combine(folder, "fsdd", "recordings") : Path.Combine(folder, "fsdd");
        var source = DataArguments.Load(fsdd, Path.Combine(folder, "mnist"));
        return ("AV-MNIST-FSDD", AudioVisualExamples.FromAvMnistFsdd(source, Split.Train, 12800, seed), AudioVisualExamples.FromAvMnistFsdd(source, Split.Test, 0, seed));
    }
}
