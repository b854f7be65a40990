using System.CommandLine;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl eval classify --dataset esc50|dcase|ucf101|folder --root DIR --features logmel|MODEL [--folds K] [--group-by COLUMN] --json OUT.json</c>:
/// the linear probe (z-scored OneVersusAll(LinearSvm)) on frozen features, per fold and on average.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create(CliOutput io)
    {
        var arguments = new DownstreamArguments();
        var export = new Option<string?>("--features-out") { Description = "Also write the pooled features, labels and folds as .npy files to this folder." };
        var command = new Command("classify", "Downstream classification accuracy of frozen features (log-mel baseline or a model's embeddings), as JSON.");
        foreach (var option in arguments.All) command.Options.Add(option);
        command.Options.Add(export);
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(arguments.Seed));
            var dataset = arguments.LoadDataset(parse);
            using var features = arguments.OpenFeatures(parse, context, dataset);
            var options = arguments.RunOptions(parse, io, parse.GetValue(export));
            var report = io.Busy("Cross-validating", () => DownstreamBenchmark.Classify(context, dataset, features.Features, options, features.Baseline));
            string json = parse.GetValue(arguments.Json)!;
            AtomicFile.WriteAllText(json, CliOutput.ToJson(report.ToJson(withBaseline: features.IsModel)));
            io.Out.WriteLine($"Wrote {json}");
            io.ReportOn(json);
            return 0;
        }));
        return command;
    }
}
