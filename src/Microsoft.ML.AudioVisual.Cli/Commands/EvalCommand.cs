using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Reports;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl eval avc|localization --model MODEL (--fsdd DIR --mnist DIR [--split test] | --videos DIR) --json OUT.json</c>, and
/// <c>avl eval classify</c> (<see cref="ClassifyCommand"/>).
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliOutput io)
    {
        var command = new Command("eval", "Evaluate a model on every item of the given folders (or --split test).");
        command.Subcommands.Add(CreateAvc(io));
        command.Subcommands.Add(LocalizerCommands.CreateEval(io));
        command.Subcommands.Add(SeparationCommands.CreateEval(io));
        command.Subcommands.Add(ClassifyCommand.Create(io));
        command.Subcommands.Add(SyncEvalCommand.Create(io));
        return command;
    }

    private static Command CreateAvc(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "An AvcEmbedding model file.", Required = true };
        var data = new ExampleSourceArguments(evaluation: true, frameSizeFromModel: true);
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the pair draw and probe folds.", DefaultValueFactory = _ => 0 };
        var command = new Command("avc",
            "Correspondence accuracy, cross-modal retrieval and a linear probe with baselines, as JSON. Classes: the digit (AV-MNIST-FSDD) or the video (--videos).")
        {
            model, json, seed,
        };
        foreach (var option in data.All) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            string modelPath = parse.GetValue(model)!;
            data.IsVideo(parse); // usage errors before the model is loaded
            using var transformer = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(modelPath);
            var (examples, description) = data.LoadEvaluation(parse, context, transformer.AudioFrontEnd, modelPath, transformer.Shapes.Height);
            var report = io.Busy("Evaluating", () => AvcEvaluator.Evaluate(context, transformer, examples, parse.GetValue(seed)));
            var node = AvcReportWriter.ToJson(report, "all");
            foreach (var (key, value) in description) node[key] = value?.DeepClone();
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            io.ReportOn(parse.GetValue(json)!);
            io.WriteJson(node);
            return 0;
        }));
        return command;
    }
}
