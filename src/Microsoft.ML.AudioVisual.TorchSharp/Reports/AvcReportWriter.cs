using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Reports;

/// <summary>
/// Writes <see cref="AvcEvaluationReport"/>s as JSON (the keys of <c>avl eval avc</c>, which scripts read) and as a
/// markdown table next to the baselines (the report of <c>avl demo</c>).
/// </summary>
public static class AvcReportWriter
{
    /// <summary>
    /// The report as JSON: every metric, the chance level (1 / classes), the counts and <paramref name="split"/>; with the
    /// probe in full also <c>classes</c> and the probe's held-out <c>confusion</c> matrix (rows: true, columns: predicted).
    /// </summary>
    public static JsonObject ToJson(AvcEvaluationReport report, string split)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
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
            ["chance_accuracy"] = Chance(report),
            ["items"] = report.Items,
            ["images"] = report.Images,
            ["split"] = split,
        };
        if (report.LinearProbe is { } probe)
        {
            json["classes"] = new JsonArray(probe.Classes.Select(c => (JsonNode?)c).ToArray());
            json["confusion"] = new JsonArray(probe.Confusion.Select(row => (JsonNode?)new JsonArray(row.Select(n => (JsonNode?)n).ToArray())).ToArray());
        }
        return json;
    }

    /// <summary>
    /// The report of a training run evaluated on held-out data: <see cref="ToJson"/> with split "held-out", plus the
    /// data set's name, the training time in seconds and the epochs run.
    /// </summary>
    public static JsonObject TrainingJson(AvcEvaluationReport report, string dataName, TrainingSummary training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var json = ToJson(report, "held-out");
        json["data"] = dataName;
        json["training_seconds"] = Math.Round(training.Elapsed.TotalSeconds, 1);
        json["training_epochs"] = training.Epochs;
        return json;
    }

    /// <summary>A markdown document: what was trained on what, for how long, and <see cref="MarkdownTable"/>.</summary>
    public static string TrainingMarkdown(AvcEvaluationReport report, string dataName, TrainingSummary training, int seed, string modelName = "AVE-Net")
    {
        ArgumentNullException.ThrowIfNull(training);
        return $"# avl demo: {dataName}\n\n{modelName} trained {training.Elapsed.TotalMinutes:0.0} min ({training.Epochs} epochs, seed {seed}); " +
               $"evaluated on {report.Items} held-out sounds and {report.Images} images.\n\n{MarkdownTable(report, modelName)}";
    }

    /// <summary>The headline metrics as a markdown table, each next to its baselines and chance.</summary>
    public static string MarkdownTable(AvcEvaluationReport report, string modelName = "AVE-Net")
    {
        ArgumentNullException.ThrowIfNull(report);
        double chance = Chance(report);
        var text = new StringBuilder();
        text.AppendLine($"| metric | {modelName} | baseline |");
        text.AppendLine("| --- | --- | --- |");
        text.AppendLine($"| correspondence accuracy (balanced pairs) | {report.AvcAccuracy:P1} | chance 50.0 % |");
        text.AppendLine($"| recall@1 audio -> image | {report.AudioToImage.RecallAt1:P1} | chance {chance:P1} |");
        text.AppendLine($"| recall@1 image -> audio | {report.ImageToAudio.RecallAt1:P1} | chance {chance:P1} |");
        text.AppendLine($"| linear probe on audio embeddings (5-fold) | {report.LinearProbeAccuracy:P1} | raw log-mel {report.BaselineLogMelProbeAccuracy:P1}, " +
                        $"random network {report.BaselineRandomNetworkProbeAccuracy:P1}, chance {chance:P1} |");
        return text.ToString();
    }

    private static double Chance(AvcEvaluationReport report) => 1.0 / Math.Max(report.Classes, 1);
}
