using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.Rendering.Reports;
using Microsoft.ML.AudioVisual.Training;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.RunReports;

public sealed class RunReportTests
{
    [Fact]
    public void PageShowsEveryPartOfTheRunFolderAndNeedsNoOtherFile()
    {
        using var run = new TempFolder();
        ReportRunFolder.Build(run.Path);
        string html = RunReport.Render(run.Path);

        Assert.Contains("<h2>Metrics</h2>", html);
        Assert.Contains("0.8125", html);
        Assert.Contains("pipeline.trainer", html);
        Assert.Contains("Confusion matrix", html);
        Assert.Contains("<h2>Training curves</h2>", html);
        Assert.Contains("Retrieval examples", html);
        Assert.Contains("heatmaps/overlay.png", html);
        // Two curves, the overlay, the sound's spectrogram, three queries with four neighbours each.
        Assert.Equal(2 + 1 + 1 + 3 * 5, Regex.Matches(html, "<img ").Count);
        Assert.Single(Regex.Matches(html, "<audio "));
        // Self-contained: every source is a data: URI; retrieval pictures are not shown a second time as plain images.
        Assert.All(Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value), src => Assert.StartsWith("data:", src));
        Assert.DoesNotContain("retrieval/query", html[html.IndexOf("<h2>Images</h2>", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("Not shown", html);
    }

    [Fact]
    public void UnreadableFilesAreNamedWithTheirReason()
    {
        using var run = new TempFolder();
        File.WriteAllText(run.File("broken.json"), "{ not json");
        File.WriteAllText(run.File("noise.wav"), "not a wav");
        File.WriteAllText(run.File("picture.png"), "not a png");
        string html = RunReport.Render(run.Path);
        Assert.Contains("Not shown", html);
        Assert.Contains("broken.json: not valid JSON", html);
        Assert.Contains("noise.wav:", html);
        Assert.Contains("picture.png: not a readable PNG image", html);
        Assert.DoesNotContain("<img ", html);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "avl-no-such-run-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<DirectoryNotFoundException>(() => RunReport.Render(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void ReportCommandWritesThePageIntoTheRunFolder()
    {
        using var run = new TempFolder();
        ReportRunFolder.Build(run.Path);
        var output = new StringWriter();
        int code = AvlApp.Run(["report", run.Path], output, output);
        Assert.True(code == 0, output.ToString());
        var page = run.File(RunReport.FileName);
        Assert.True(File.Exists(page));
        Assert.Contains("Training curves", File.ReadAllText(page));
        Assert.Contains(page, output.ToString());
    }

    [Fact]
    public void TrainingHistoryKeepsEpochEndsAndPassesEveryReportOn()
    {
        var seen = new List<TrainingProgress>();
        var history = new TrainingHistory(new SynchronousProgress<TrainingProgress>(seen.Add));
        var metrics = new Dictionary<string, double> { ["accuracy"] = 0.6 };
        history.Report(new TrainingProgress(1, 2, 1, 2, 0.9, metrics, null, false, TimeSpan.FromSeconds(1), 0.01));
        history.Report(new TrainingProgress(1, 2, 2, 2, 0.8, metrics, new Dictionary<string, double> { ["accuracy"] = 0.55 }, true, TimeSpan.FromSeconds(2), 0.01));
        history.Report(new TrainingProgress(2, 2, 2, 2, double.NaN, metrics, null, true, TimeSpan.FromSeconds(3), 0.01));

        Assert.Equal(3, seen.Count);
        Assert.Equal(2, history.Epochs.Count);
        var epochs = history.ToJson()["epochs"]!.AsArray();
        Assert.Equal(0.8, epochs[0]!["loss"]!.GetValue<double>());
        Assert.Equal(0.55, epochs[0]!["validation"]!["accuracy"]!.GetValue<double>());
        Assert.Null(epochs[1]!["loss"]);
        Assert.Null(epochs[1]!["validation"]);
        Assert.IsType<JsonObject>(epochs[1]!["train"]);
    }
}
