using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl eval avc|localization --model MODEL --fsdd DIR --mnist DIR --json OUT.json [--split test]</c>, and <c>avl eval classify</c> (<see cref="ClassifyCommand"/>).</summary>
internal static class EvalCommand
{
    public static Command Create(CliOutput io)
    {
        var command = new Command("eval", "Evaluate a model on every item of the given folders (or --split test).");
        command.Subcommands.Add(CreateAvc(io));
        command.Subcommands.Add(LocalizerCommands.CreateEval(io));
        command.Subcommands.Add(SeparationCommands.CreateEval(io));
        command.Subcommands.Add(ClassifyCommand.Create(io));
        return command;
    }

    private static Command CreateAvc(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "An AvcEmbedding model file.", Required = true };
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (any speakers).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with MNIST idx files (any length).", Required = true };
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "test: only the official test split (FSDD takes 0-4, MNIST after the first 6,400)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the pair draw and probe folds.", DefaultValueFactory = _ => 0 };
        var command = new Command("avc", "Correspondence accuracy, cross-modal retrieval and a linear probe with baselines, as JSON.")
        {
            model, fsdd, mnist, json, split, seed,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: parse.GetValue(seed));
            using var transformer = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(parse.GetValue(model)!);
            var source = DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!);
            var data = AudioVisualExamples.FromAvMnistFsdd(source, DataArguments.ParseSplit(parse.GetValue(split)), 0, 0, transformer.AudioFrontEnd?.Options);
            var report = AvcEvaluator.Evaluate(context, transformer, data, parse.GetValue(seed));
            var node = ToJson(report, parse.GetValue(split) ?? "all");
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            io.WriteJson(node);
            return 0;
        }));
        return command;
    }

    internal static JsonObject ToJson(AvcEvaluationReport report, string split) => new()
    {
        ["avc_accuracy"] = report.AvcAccuracy,
        ["recall_at_1_audio_to_image"] = report.AudioToImage.RecallAt1,
        ["recall_at_1_image_to_audio"] = report.ImageToAudio.RecallAt1,
        ["ndcg_at_30_audio_to_image"] = report.AudioToImage.NdcgAt30,
        ["ndcg_at_30_image_to_audio"] = report.ImageToAudio.NdcgAt30,
        ["recall_at_5_audio_to_image"] = report.AudioToImage.RecallAt5,
        ["recall_at_10_audio_to_image"] = report.AudioToImage.RecallAt10,
        ["map_audio_to_image"] = report.AudioToImage.MeanAveragePrecision,
        ["map_image_to_audio"] = report.ImageToAudio.MeanAveragePrecision,
        ["linear_probe_accuracy"] = report.LinearProbeAccuracy,
        ["baseline_logmel_probe_accuracy"] = report.BaselineLogMelProbeAccuracy,
        ["baseline_random_network_probe_accuracy"] = report.BaselineRandomNetworkProbeAccuracy,
        ["chance_accuracy"] = 1.0 / Math.Max(report.Classes, 1),
        ["items"] = report.Items,
        ["images"] = report.Images,
        ["split"] = split,
    };
}
