using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Synchronization;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl eval sync --model MODEL --fsdd DIR --mnist DIR --json OUT.json [--split test]</c> (or <c>--kind impacts</c>, or
/// <c>--videos DIR</c>): sync accuracies against hard and easy negatives and the offset estimator on known shifts.
/// </summary>
internal static class SyncEvalCommand
{
    public static Command Create(CliOutput io)
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the evaluation videos and draws.", DefaultValueFactory = _ => 12345 };
        var data = new SyncDataArguments(seed, defaultSeconds: 7, defaultCount: 200);
        var model = new Option<string>("--model") { Description = "An AudioVisualSync model file.", Required = true };
        var json = new Option<string>("--json") { Description = "Report file to write.", Required = true };
        var split = new Option<string?>("--split") { Description = "Digit videos: test builds them from the official test split only (FSDD takes 0-4, MNIST after the first 6,400); default: every recording and image given." };
        var shifts = new Option<int>("--shifts-per-video") { Description = "Known audio shifts per video for the offset estimator.", DefaultValueFactory = _ => 1 };
        var command = new Command("sync", "Sync accuracy (hard and easy negatives) and offset recovery of a synchronisation model, as JSON.") { model, json, split, shifts, seed };
        foreach (var option in data.All) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var context = new MLContext(seed: parse.GetValue(data.Seed));
            using var transformer = context.AudioVisual().LoadTransformer<AudioVisualSyncTransformer>(parse.GetValue(model)!);
            var shapes = transformer.Shapes;
            var frontEnd = transformer.AudioFrontEnd?.Options ?? throw new InvalidOperationException($"Model '{parse.GetValue(model)}' records no audio front-end.");
            var videos = data.Load(parse, DataArguments.ParseSplit(parse.GetValue(split)), shapes.FramesPerSecond, frontEnd.SampleRate, (shapes.Channels, shapes.Width), segment: false, io.Out);
            var report = SyncEvaluator.Evaluate(transformer, videos, new SyncEvaluationOptions { Seed = parse.GetValue(data.Seed), ShiftsPerVideo = parse.GetValue(shifts) });
            var node = ToJson(report, data.Describe(parse), parse.GetValue(split) ?? "all", clock.Elapsed.TotalSeconds);
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(node));
            io.WriteJson(Summary(node));
            return 0;
        }));
        return command;
    }

    internal static JsonObject ToJson(SyncEvaluationReport report, string videos, string split, double seconds) => new()
    {
        ["sync_accuracy_hard"] = Finite(report.SyncAccuracyHard),
        ["sync_accuracy_easy"] = Finite(report.SyncAccuracyEasy),
        ["offset_within_one_frame"] = Finite(report.OffsetWithinOneFrame),
        ["offset_median_error_frames"] = Finite(report.OffsetMedianErrorFrames),
        ["clips"] = report.Trials.Count,
        ["offset_mean_error_frames"] = Finite(report.OffsetMeanErrorFrames),
        ["sync_ranking_accuracy_hard"] = Finite(report.RankingAccuracyHard),
        ["sync_in_sync_accuracy"] = Finite(report.InSyncAccuracy),
        ["decision_clips"] = report.DecisionClips,
        ["videos"] = report.Videos,
        ["offset_window_frames"] = report.OffsetWindowFrames,
        ["source"] = videos,
        ["split"] = split,
        ["seconds"] = Math.Round(seconds, 1),
        ["trials"] = new JsonArray(report.Trials.Select(t => (JsonNode?)new JsonObject
        {
            ["video"] = t.Video,
            ["true_offset_frames"] = t.TrueOffsetFrames,
            ["estimated_offset_frames"] = t.EstimatedOffsetFrames,
            ["confidence"] = t.Confidence,
        }).ToArray()),
    };

    /// <summary>The report without the per-trial list, for the console.</summary>
    private static JsonObject Summary(JsonObject report)
    {
        var copy = (JsonObject)report.DeepClone();
        copy.Remove("trials");
        return copy;
    }

    /// <summary>JSON has no NaN: non-finite values become null.</summary>
    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
