using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Spectral;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class DownstreamCommandTests(ITestOutputHelper output)
{
    private static readonly string[] ClassifyKeys = ["mean_accuracy", "fold_accuracies", "classes", "items", "skipped", "confusion"];
    private static readonly string[] SweepKeys = ["best_accuracy", "best_pipeline", "default_accuracy", "trials"];

    private (int Exit, string Out, string Error) Avl(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = AvlApp.Run(args, stdout, stderr);
        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ClassifyWritesTheReportWithItsKeys()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.Esc50(folder.File("esc"), classes: 3, perClass: 6, missing: 1);
        var json = folder.File("out.json");
        var (exit, stdout, error) = Avl("eval", "classify", "--dataset", "esc50", "--root", folder.File("esc"), "--features", "logmel",
            "--folds", "3", "--group-by", "src_file", "--json", json);
        Assert.True(exit == 0, error);

        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.All(ClassifyKeys, key => Assert.True(report.ContainsKey(key), $"missing key {key}"));
        Assert.False(report.ContainsKey("baseline_logmel_accuracy")); // only with a model
        Assert.Equal(3, report["fold_accuracies"]!.AsArray().Count);
        Assert.Equal(17, (int)report["items"]!);
        Assert.Equal(["class0", "class1", "class2"], report["classes"]!.AsArray().Select(c => (string)c!));
        var skipped = Assert.Single(report["skipped"]!.AsArray())!;
        Assert.Equal("missing", (string)skipped["cause"]!);
        Assert.EndsWith("4-1000-A-0.wav", (string)skipped["path"]!);
        Assert.Equal(17, report["confusion"]!.AsArray().Sum(row => row!.AsArray().Sum(v => (int)v!)));
        Assert.InRange((double)report["mean_accuracy"]!, 0.9, 1.0); // three well-separated tones
        Assert.Contains("fold 0:", stdout);
        Assert.Contains("mean accuracy", stdout);
    }

    [Fact]
    public void SweepWritesTheReportWithItsKeys()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.ClassFolders(folder.File("tones"), classes: 3, perClass: 4);
        var json = folder.File("sweep.json");
        var (exit, stdout, error) = Avl("sweep", "--dataset", "folder", "--root", folder.File("tones"), "--features", "logmel",
            "--folds", "2", "--minutes", "0.1", "--max-trials", "2", "--seed", "3", "--json", json);
        Assert.True(exit == 0, error);

        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.All(SweepKeys, key => Assert.True(report.ContainsKey(key), $"missing key {key}"));
        var trials = report["trials"]!.AsArray();
        Assert.InRange(trials.Count, 1, 3);
        Assert.True((bool)trials[0]!["is_default"]!);
        Assert.Equal((double)report["default_accuracy"]!, (double)trials[0]!["accuracy"]!);
        Assert.True((double)report["best_accuracy"]! >= (double)report["default_accuracy"]!);
        Assert.Contains("trial   0", stdout);
    }

    [Fact]
    public void BadArgumentsFailWithOneLine()
    {
        using var folder = new TempFolder();
        DownstreamLayouts.ClassFolders(folder.Path, classes: 2, perClass: 2);
        var (exit, _, error) = Avl("eval", "classify", "--dataset", "folder", "--root", folder.Path, "--features", folder.File("none.zip"), "--json", folder.File("a.json"));
        Assert.Equal(2, exit);
        Assert.Contains("none.zip", error);

        (exit, _, error) = Avl("eval", "classify", "--dataset", "folder", "--root", folder.Path, "--features", "logmel", "--group-by", "class", "--json", folder.File("a.json"));
        Assert.Equal(2, exit);
        Assert.Contains("--folds", error);
        Assert.False(File.Exists(folder.File("a.json")));
    }

    [Fact]
    public void AModelIsEvaluatedOnAudioBesideTheLogMelBaselineAndOnImages()
    {
        using var folder = new TempFolder();
        var model = folder.File("avc.zip");
        var context = new MLContext(seed: 1);
        var frontEnd = SpectrogramOptions.TorchAudio(DownstreamLayouts.SampleRate);
        frontEnd.FftSize = 128;
        frontEnd.HopLength = 64;
        frontEnd.MelBins = ToyAudioVisual.Bins;
        frontEnd.Log = LogCompression.Decibels;
        var options = new AvcEmbeddingOptions
        {
            VisualColumnName = "Image", GroupColumnName = "Group", Epochs = 1, BatchSize = 32, Seed = 3, Threads = 1,
            Tower = new Towers.TowerArchitecture { Widths = [8, 16] }, EmbeddingDimension = 16,
        };
        // 0.12 s = 960 samples: 1 + 960 / 64 = 16 frames, the toy spectrogram width.
        var toy = ToyAudioVisual.Create(context, 64, frontEnd: new AudioFrontEnd(frontEnd, 0.12));
        using (var transformer = context.AudioVisual().AvcEmbedding(options).Fit(toy)) transformer.Save(model);

        DownstreamLayouts.ClassFolders(folder.File("tones"), classes: 3, perClass: 4);
        var json = folder.File("audio.json");
        var (exit, _, error) = Avl("eval", "classify", "--dataset", "folder", "--root", folder.File("tones"), "--features", model, "--folds", "2", "--json", json);
        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.All(ClassifyKeys, key => Assert.True(report.ContainsKey(key), $"missing key {key}"));
        Assert.Equal("AvcEmbedding", (string)report["features"]!);
        Assert.Equal("mean", (string)report["pooling"]!);
        Assert.InRange((double)report["baseline_logmel_accuracy"]!, 0.0, 1.0);
        Assert.InRange((double)report["mean_accuracy"]!, 0.0, 1.0);

        DownstreamLayouts.ClassFolders(folder.File("pictures"), classes: 2, perClass: 4, images: true);
        json = folder.File("images.json");
        (exit, _, error) = Avl("eval", "classify", "--dataset", "folder", "--root", folder.File("pictures"), "--features", model, "--folds", "2", "--json", json);
        Assert.True(exit == 0, error);
        report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.Equal(8, (int)report["items"]!);
        Assert.True(report.ContainsKey("baseline_logmel_accuracy"));
        Assert.Null(report["baseline_logmel_accuracy"]); // images have no sound to compare on
    }
}
