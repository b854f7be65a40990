using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train avc|localizer --fsdd DIR --mnist DIR [options] --out MODEL</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliOutput io)
    {
        var command = new Command("train", "Train a model on AV-MNIST-FSDD (FSDD recordings + MNIST idx files).");
        command.Subcommands.Add(CreateAvc(io));
        command.Subcommands.Add(LocalizerCommands.CreateTrain(io));
        command.Subcommands.Add(SeparationCommands.CreateTrain(io));
        return command;
    }

    /// <summary>Options shared by the training verbs.</summary>
    internal sealed class TrainingArguments(double defaultLearningRate = 1e-3)
    {
        public Option<string> Fsdd { get; } = new("--fsdd") { Description = "Folder of FSDD WAV recordings.", Required = true };
        public Option<string> Mnist { get; } = new("--mnist") { Description = "Folder with the MNIST idx files.", Required = true };
        public Option<string> Output { get; } = new("--out") { Description = "Model file to write.", Required = true };
        public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training pairs.", DefaultValueFactory = _ => 20 };
        public Option<int> Pairs { get; } = new("--pairs") { Description = "Training pairs (same-digit image and recording).", DefaultValueFactory = _ => 12800 };
        public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Pairs per step.", DefaultValueFactory = _ => 128 };
        public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaultLearningRate };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of pairs, initialisation and sampling.", DefaultValueFactory = _ => 1 };
        public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
        public Option<double?> MaxMinutes { get; } = new("--max-minutes") { Description = "Stop training after this many minutes." };
        public Option<string?> CheckpointDirectory { get; } = new("--checkpoint-dir") { Description = "Checkpoint after every epoch here; resume from it." };
        public Option<double> ValidationFraction { get; } = new("--validation-fraction") { Description = "Held-out fraction for per-epoch accuracy.", DefaultValueFactory = _ => 0.05 };

        public IEnumerable<Option> All => [Fsdd, Mnist, Output, Epochs, Pairs, BatchSize, LearningRate, Seed, Threads, MaxMinutes, CheckpointDirectory, ValidationFraction];

        public void ApplyTo(CorrespondenceTrainingOptions options, ParseResult parse)
        {
            options.VisualColumnName = AudioVisualExamples.ImageColumnName;
            options.AudioColumnName = AudioVisualExamples.SpectrogramColumnName;
            options.GroupColumnName = AudioVisualExamples.GroupColumnName;
            options.Epochs = parse.GetValue(Epochs);
            options.BatchSize = parse.GetValue(BatchSize);
            options.LearningRate = parse.GetValue(LearningRate);
            options.Seed = parse.GetValue(Seed);
            options.Threads = parse.GetValue(Threads);
            options.MaxTrainingTime = parse.GetValue(MaxMinutes) is double m ? TimeSpan.FromMinutes(m) : null;
            options.CheckpointDirectory = parse.GetValue(CheckpointDirectory);
            options.ValidationFraction = parse.GetValue(ValidationFraction);
        }
    }

    private static Command CreateAvc(CliOutput io)
    {
        var common = new TrainingArguments();
        var architecture = new Option<string>("--arch") { Description = "avenet or l3.", DefaultValueFactory = _ => "avenet" };
        architecture.AcceptOnlyFromAmong("avenet", "l3");
        var size = new Option<string>("--size") { Description = "small (16-32-64-128, 1 conv per block) or paper (64-128-256-512, 2 convs).", DefaultValueFactory = _ => "small" };
        size.AcceptOnlyFromAmong("small", "paper");
        var command = new Command("avc", "Train AvcEmbedding (audio-visual correspondence) on the AV-MNIST-FSDD training split.");
        foreach (var option in common.All) command.Options.Add(option);
        command.Options.Add(architecture);
        command.Options.Add(size);
        command.SetAction(parse => io.Guard(() =>
        {
            var source = DataArguments.Load(parse.GetValue(common.Fsdd)!, parse.GetValue(common.Mnist)!);
            var examples = AudioVisualExamples.FromAvMnistFsdd(source, Split.Train, parse.GetValue(common.Pairs), parse.GetValue(common.Seed));
            var options = parse.GetValue(size) == "paper" ? AvcEmbeddingOptions.Paper() : new AvcEmbeddingOptions();
            common.ApplyTo(options, parse);
            options.Architecture = parse.GetValue(architecture) == "l3" ? AvcArchitecture.L3 : AvcArchitecture.AveNet;
            io.Out.WriteLine($"AV-MNIST-FSDD training split: {examples.Pairs.Count} pairs from {examples.Spectrograms.Count} recordings and {examples.Images.Count} images.");
            using var model = TrainAvc(io, examples, options);
            model.Save(parse.GetValue(common.Output)!);
            io.Out.WriteLine($"Saved {parse.GetValue(common.Output)} ({model.TrainingSummary!.Epochs} epochs, {model.TrainingSummary.Elapsed.TotalMinutes:0.0} min).");
            return 0;
        }));
        return command;
    }

    /// <summary>Trains AvcEmbedding on the pairs of <paramref name="examples"/> with a progress display.</summary>
    internal static AvcEmbeddingTransformer TrainAvc(CliOutput io, AudioVisualExamples examples, AvcEmbeddingOptions options)
    {
        var context = new MLContext(seed: options.Seed ?? 1);
        var data = examples.PairsView(context);
        return TrainingDisplay.Run(io, "AvcEmbedding", progress =>
        {
            options.Progress = progress;
            return context.AudioVisual().AvcEmbedding(options).Fit(data);
        });
    }
}
