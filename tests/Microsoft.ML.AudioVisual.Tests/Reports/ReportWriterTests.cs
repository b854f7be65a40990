using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Reports;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Reports;

/// <summary>The JSON keys of <c>avl eval</c> are read by scripts: the writers keep them exactly.</summary>
public sealed class ReportWriterTests
{
    private static readonly RetrievalReport Retrieval = new(0.5, 0.6, 0.7, 0.4, 0.3, 10);

    [Fact]
    public void AvcJsonKeepsTheKeysScriptsRead()
    {
        var report = new AvcEvaluationReport(0.9, Retrieval, Retrieval, 0.8, 0.6, 0.5, Items: 40, Images: 30, Classes: 4);
        var json = AvcReportWriter.ToJson(report, "test");
        Assert.Equal(
            ["avc_accuracy", "recall_at_1_audio_to_image", "recall_at_1_image_to_audio", "ndcg_at_30_audio_to_image", "ndcg_at_30_image_to_audio",
             "recall_at_5_audio_to_image", "recall_at_10_audio_to_image", "map_audio_to_image", "map_image_to_audio", "linear_probe_accuracy",
             "baseline_logmel_probe_accuracy", "baseline_random_network_probe_accuracy", "chance_accuracy", "items", "images", "split"],
            json.Select(p => p.Key));
        Assert.Equal(0.25, (double)json["chance_accuracy"]!);
        Assert.Equal("test", (string)json["split"]!);
        Assert.Contains("| correspondence accuracy (balanced pairs) |", AvcReportWriter.MarkdownTable(report));

        // With the probe in full, its classes and held-out confusion matrix follow (the report page draws the matrix).
        var probe = new LinearProbeResult(0.75, [0.75], 1, [3, 7], [[3, 1], [1, 3]]);
        var withProbe = AvcReportWriter.ToJson(report with { LinearProbe = probe }, "test");
        Assert.Equal(["classes", "confusion"], withProbe.Select(p => p.Key).Skip(16));
        Assert.Equal("[[3,1],[1,3]]", withProbe["confusion"]!.ToJsonString());
        Assert.Equal("[3,7]", withProbe["classes"]!.ToJsonString());
    }

    [Fact]
    public void LocalizationJsonKeepsTheKeysScriptsRead()
    {
        var json = LocalizationReportWriter.ToJson(new LocalizationReport(0.8, 0.25, 0.3, 0.9, Scenes: 20, Grid: 3), "all");
        Assert.Equal(["pointing_accuracy", "baseline_center_accuracy", "baseline_random_accuracy", "avc_accuracy", "scenes", "grid", "chance_accuracy", "split"],
            json.Select(p => p.Key));
        Assert.Equal(1.0 / 9, (double)json["chance_accuracy"]!, 12);
    }

    [Fact]
    public void CollageMarkdownCountsHits()
    {
        var report = new CollageReport([new("cow", 0.9f, true, "a.png"), new("pig", 0.4f, false, "b.png")]);
        var text = report.ToMarkdown("animal", "A note.");
        Assert.Equal(1, report.Hits);
        Assert.Contains("| animal | score | peak in its photo |", text);
        Assert.Contains("| pig | 0.40 | no |", text);
        Assert.Contains("in 1 of 2 collages", text);
        Assert.Contains("A note.", text);
    }
}
