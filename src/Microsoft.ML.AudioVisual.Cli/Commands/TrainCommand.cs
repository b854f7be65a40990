using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train avc|localizer (--fsdd DIR --mnist DIR | --videos DIR) [options] --out MODEL</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliOutput io)
    {
        var command = new Command("train", "Train a model on AV-MNIST-FSDD (FSDD recordings + MNIST idx files) or on a folder of videos.");
        command.Subcommands.Add(CreateAvc(io));
        command.Subcommands.Add(LocalizerCommands.CreateTrain(io));
        command.Subcommands.Add(SyncTrainCommand.Create(io));
        command.Subcommands.Add(SeparationCommands.CreateTrain(io));
        command.Subcommands.Add(MotionSeparatorCommands.CreateTrain(io));
        return command;
    }

    private static Command CreateAvc(CliOutput io)
    {
        var data = new ExampleSourceArguments(evaluation: false);
        var common = new TrainingArguments(new AvcEmbeddingOptions());
        var sampling = new CorrespondenceArguments(new AvcEmbeddingOptions());
        var architecture = new Option<string>("--arch") { Description = "avenet or l3.", DefaultValueFactory = _ => "avenet" };
        architecture.AcceptOnlyFromAmong("avenet", "l3");
        var size = new Option<string>("--size") { Description = "small (16-32-64-128, 1 conv per block) or paper (64-128-256-512, 2 convs).", DefaultValueFactory = _ => "small" };
        size.AcceptOnlyFromAmong("small", "paper");
        var command = new Command("avc", "Train AvcEmbedding (audio-visual correspondence) on the AV-MNIST-FSDD training split, or on every moment of a folder of videos.");
        foreach (var option in data.All.Concat(common.All).Concat(sampling.All)) command.Options.Add(option);
        command.Options.Add(architecture);
        command.Options.Add(size);
        command.SetAction(parse => io.Guard(() =>
        {
            int seed = parse.GetValue(common.Seed);
            var context = new MLContext(seed: seed);
            var examples = data.LoadTraining(parse, context, seed, io);
            var options = parse.GetValue(size) == "paper" ? AvcEmbeddingOptions.Paper() : new AvcEmbeddingOptions();
            common.ApplyTo(options, parse);
            sampling.ApplyTo(options, parse);
            options.Architecture = parse.GetValue(architecture) == "l3" ? AvcArchitecture.L3 : AvcArchitecture.AveNet;
            using var model = TrainingRunner.FitAvc(io, context, examples.PairsView(context), options);
            TrainingRunner.Save(io, model, parse.GetValue(common.Output)!);
            return 0;
        }));
        return command;
    }
}
