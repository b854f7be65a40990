using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.IO;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Downstream;

public sealed class DownstreamClassificationTests(ITestOutputHelper output)
{
    [Fact]
    public void LogMelBaselineSeparatesTonesFarAboveChance()
    {
        using var folder = new TempFolder();
        var dataset = MediaFolder.Load(DownstreamLayouts.ClassFolders(folder.Path, classes: 4, perClass: 6));
        var lines = new List<string>();
        var report = DownstreamBenchmark.Classify(new MLContext(seed: 1), dataset, new LogMelFrameFeatures(),
            new DownstreamRunOptions { Folds = 3, Seed = 2, Status = new Lines(lines), ExportFolder = folder.File("export") });
        foreach (var line in lines) output.WriteLine(line);

        Assert.True(report.MeanAccuracy > 0.9, $"accuracy {report.MeanAccuracy:P1} (chance 25 %)");
        Assert.Equal(3, report.FoldAccuracies.Count);
        Assert.Equal(24, report.Items);
        Assert.Equal(TimePooling.MeanStd, report.Pooling);
        Assert.Equal(24, report.Confusion.Sum(row => row.Sum()));
        Assert.Equal(Enumerable.Range(0, 4).Select(c => 6), report.Confusion.Select(row => row.Sum())); // every item predicted once
        Assert.Contains(lines, l => l.StartsWith("mean accuracy", StringComparison.Ordinal));
        Assert.Null(report.BaselineLogMelAccuracy);

        var features = NpyFile.Read(folder.File("export/features.npy"));
        Assert.Equal([24, 128], features.Shape); // mean and std of 64 bands
        Assert.Equal(24, NpyFile.Read(folder.File("export/folds.npy")).Length);
    }

    [Fact]
    public void LogMelFramesFollowTheDocumentedFrontEnd()
    {
        using var folder = new TempFolder();
        var path = DownstreamLayouts.Tone(folder.File("a.wav"), 0, 1, seconds: 1.0);
        var features = new LogMelFrameFeatures();
        var frames = features.ExtractWindows(path);
        Assert.Equal(1 + (22050 / 512), frames.Length); // centred frames of the resampled second
        Assert.All(frames, f => Assert.Equal(64, f.Length));
        float max = frames.Max(f => f.Max());
        Assert.All(frames, f => Assert.All(f, v => Assert.InRange(v, max - 80.001f, max))); // top_db 80
        Assert.Contains("22050 Hz, n_fft 1024, hop 512, 64", features.Description);
    }

    [Fact]
    public void WindowsCoverTheClipAndPoolingIsPerValue()
    {
        var samples = Enumerable.Range(0, 25).Select(i => (float)i).ToArray();
        var windows = ClipWindows.Split(samples, 10);
        Assert.Equal(3, windows.Length);
        Assert.Equal(0f, windows[0][0]);
        Assert.Equal(24f, windows[2][^1]); // the last window ends at the clip end
        var padded = Assert.Single(ClipWindows.Split(samples.AsSpan(0, 4), 10));
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 3f, 0f, 0f, 0f], padded); // centred like the training clips

        float[][] frames = [[1f, 10f], [3f, 10f]];
        Assert.Equal([2f, 10f], TimePool.Apply(frames, TimePooling.Mean));
        Assert.Equal([3f, 10f], TimePool.Apply(frames, TimePooling.Max));
        Assert.Equal([2f, 10f, 1f, 0f], TimePool.Apply(frames, TimePooling.MeanStd));
        Assert.Equal(TimePooling.MeanStd, TimePool.Parse("mean+std"));
        Assert.Throws<ArgumentException>(() => TimePool.Parse("median"));
    }

    [Fact]
    public void CrossValidationMatchesAcrossRunsAndRejectsMisfits()
    {
        var random = new Random(4);
        var labels = Enumerable.Range(0, 40).Select(i => i % 4).ToArray();
        var features = labels.Select(l => Enumerable.Range(0, 6).Select(d => (float)((d == l ? 2 : 0) + random.NextDouble())).ToArray()).ToArray();
        var folds = new FoldAssignment(Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? -1 : i % 2).ToArray(), "toy");
        var a = DownstreamCrossValidation.Evaluate(features, labels, folds, DownstreamPipeline.Default(), seed: 3);
        var b = DownstreamCrossValidation.Evaluate(features, labels, folds, DownstreamPipeline.Default(), seed: 3);
        Assert.Equal(a.Select(f => f.Predicted), b.Select(f => f.Predicted));
        Assert.Equal([0, 1], a.Select(f => f.Fold));
        Assert.DoesNotContain(a.SelectMany(f => f.TestRows), r => r % 4 == 0); // training-only rows are never tested
        Assert.Throws<ArgumentException>(() => DownstreamCrossValidation.Evaluate(features, labels[1..], folds, DownstreamPipeline.Default()));
        Assert.Throws<ArgumentException>(() => new FoldAssignment([0, 0, 0], "one fold holding everything"));
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
