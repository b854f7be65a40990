using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Downstream;

public sealed class PipelineSweepTests(ITestOutputHelper output)
{
    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";

        public int Item { get; set; }

        public int Fold { get; set; }
    }

    /// <summary>Noisy clusters, 4 classes x 12 items in 3 folds; with <paramref name="windows"/> > 1, each item is that many rows.</summary>
    private static IDataView Features(MLContext context, int windows = 1, int seed = 5)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int item = 0; item < 48; item++)
        {
            int label = item % 4;
            for (int w = 0; w < windows; w++)
                rows.Add(new Row
                {
                    Features = Enumerable.Range(0, 6).Select(d => (float)((d == label ? 1.5 : 0) + random.NextDouble())).ToArray(),
                    Label = $"class{label}",
                    Item = item,
                    Fold = item % 3,
                });
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 6);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    private static SweepOptions Options(int seed, int maxTrials) => new()
    {
        FoldColumnName = "Fold",
        Seed = seed,
        MaxTrials = maxTrials,
        TimeBudget = TimeSpan.FromMinutes(5),
        // Tree ensembles are slow one-versus-all; the linear trainers make this test fast and still exercise the search.
        SearchSpace = new PipelineSearchSpace { Trainers = [DownstreamTrainer.LinearSvm, DownstreamTrainer.SdcaMaximumEntropy, DownstreamTrainer.LbfgsMaximumEntropy] },
    };

    [Fact]
    public void TheSameSeedRunsTheSameTrialsWithTheSameScores()
    {
        var context = new MLContext(seed: 1);
        var features = Features(context);
        var first = context.AudioVisual().Sweep(features, Options(seed: 7, maxTrials: 9));
        var second = new MLContext(seed: 99).AudioVisual().Sweep(Features(new MLContext()), Options(seed: 7, maxTrials: 9));
        foreach (var trial in first.Trials) output.WriteLine($"{trial.Id} rung {trial.Rung} {trial.Accuracy:0.000} {trial.Pipeline}");

        Assert.Equal(10, first.Trials.Count); // the default and 9 sampled
        Assert.Equal(first.Trials.Select(t => t.Pipeline.Description), second.Trials.Select(t => t.Pipeline.Description));
        Assert.Equal(first.Trials.Select(t => t.FoldAccuracies), second.Trials.Select(t => t.FoldAccuracies));
        Assert.Equal([1, 3], first.Rungs); // 3 folds: ceil(3/9) = 1, ceil(3/3) = 1, 3
        Assert.Equal(9, first.Trials.Count(t => !t.IsDefault && t.Rung >= 0));
        Assert.Equal(3, first.Trials.Count(t => !t.IsDefault && t.IsComplete)); // a third of the bracket reaches all folds
        Assert.True(first.BestAccuracy >= first.DefaultAccuracy);

        var other = context.AudioVisual().Sweep(features, Options(seed: 8, maxTrials: 9));
        Assert.NotEqual(first.Trials.Select(t => t.Pipeline.Description), other.Trials.Select(t => t.Pipeline.Description));
    }

    [Fact]
    public void TheDefaultAccuracyIsTheClassifiersOnTheSameFolds()
    {
        var context = new MLContext(seed: 1);
        var result = context.AudioVisual().Sweep(Features(context), Options(seed: 4, maxTrials: 0));
        var only = Assert.Single(result.Trials);
        Assert.True(only.IsDefault && only.IsComplete);
        Assert.Equal(DownstreamPipeline.Default().Description, result.BestPipeline.Description);

        // The same pipeline, folds and seed through the evaluation engine.
        var rows = Features(context);
        var vectors = rows.GetColumn<float[]>("Features").ToArray();
        var labels = rows.GetColumn<string>("Label").Select(l => l[^1] - '0').ToArray();
        var folds = new FoldAssignment(rows.GetColumn<int>("Fold").ToArray(), "column");
        var expected = DownstreamCrossValidation.Evaluate(vectors, labels, folds, DownstreamPipeline.Default(), seed: 4).Average(f => f.Accuracy);
        Assert.Equal(expected, result.DefaultAccuracy, 12);
        Assert.True(result.DefaultAccuracy > 0.6, $"default accuracy {result.DefaultAccuracy}");
    }

    [Fact]
    public void WindowRowsArePooledAndPoolingIsSearched()
    {
        var context = new MLContext(seed: 1);
        var options = Options(seed: 2, maxTrials: 9);
        options.ItemColumnName = "Item";
        options.DefaultPooling = TimePooling.Max;
        var messages = new List<string>();
        context.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var progress = new List<SweepProgress>();
        options.Progress = new Collect(progress);
        var result = context.AudioVisual().Sweep(Features(context, windows: 3), options);

        Assert.Equal(TimePooling.Max, result.DefaultTrial.Pipeline.Pooling);
        Assert.All(result.Trials, t => Assert.NotNull(t.Pipeline.Pooling));
        Assert.True(result.Trials.Select(t => t.Pipeline.Pooling).Distinct().Count() > 1);
        Assert.Contains(messages, m => m.Contains("trial 0 rung", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Sweep done", StringComparison.Ordinal));
        Assert.Equal(1 + result.Trials.Where(t => !t.IsDefault).Sum(t => t.Rung + 1), progress.Count); // the default once, the others per rung reached
        Assert.All(progress, p => Assert.True(p.Leaderboard.Count is >= 1 and <= 5));

        // Windows of one item must agree on their label.
        Assert.Throws<InvalidDataException>(() => context.AudioVisual().Sweep(Features(context, windows: 2), new SweepOptions { ItemColumnName = "Fold", MaxTrials = 0 }));
    }

    [Fact]
    public void ATinyBudgetStillReportsTheDefault()
    {
        var context = new MLContext(seed: 1);
        var options = Options(seed: 1, maxTrials: 100);
        options.TimeBudget = TimeSpan.FromTicks(1);
        var result = context.AudioVisual().Sweep(Features(context), options);
        Assert.Single(result.Trials);
        Assert.Equal(result.DefaultAccuracy, result.BestAccuracy);
        var json = result.ToJson();
        Assert.Equal(result.BestPipeline.Description, (string)json["best_pipeline"]!);
        Assert.Single(json["trials"]!.AsArray());
    }

    [Fact]
    public void EveryTrainerFitsAndPredicts()
    {
        var random = new Random(2);
        var labels = Enumerable.Range(0, 36).Select(i => i % 3).ToArray();
        var features = labels.Select(l => Enumerable.Range(0, 5).Select(d => (float)((d == l ? 2 : 0) + random.NextDouble())).ToArray()).ToArray();
        var folds = new FoldAssignment(Enumerable.Range(0, 36).Select(i => i % 2).ToArray(), "halves");
        var small = new Dictionary<DownstreamTrainer, Dictionary<string, double>>
        {
            [DownstreamTrainer.LinearSvm] = new() { ["lambda"] = 0.01, ["iterations"] = 10 },
            [DownstreamTrainer.SdcaMaximumEntropy] = new() { ["l2"] = 0.01, ["l1"] = 0, ["iterations"] = 10 },
            [DownstreamTrainer.LbfgsMaximumEntropy] = new() { ["l2"] = 0.1, ["l1"] = 0.01 },
            [DownstreamTrainer.LightGbm] = new() { ["leaves"] = 4, ["min_leaf"] = 2, ["learning_rate"] = 0.2, ["iterations"] = 10 },
            [DownstreamTrainer.FastTree] = new() { ["leaves"] = 4, ["min_leaf"] = 2, ["learning_rate"] = 0.2, ["trees"] = 5 },
        };
        foreach (var (trainer, settings) in small)
        {
            foreach (var normalization in Enum.GetValues<FeatureNormalization>())
            {
                var pipeline = new DownstreamPipeline(trainer, normalization, null, settings);
                double accuracy = DownstreamCrossValidation.Evaluate(features, labels, folds, pipeline, seed: 1).Average(f => f.Accuracy);
                output.WriteLine($"{accuracy:0.000} {pipeline}");
                Assert.True(accuracy > 0.6, $"{pipeline}: accuracy {accuracy:0.000} (chance 0.33)");
            }
        }
        Assert.Throws<ArgumentException>(() => new DownstreamPipeline(DownstreamTrainer.LightGbm, FeatureNormalization.None, null, new Dictionary<string, double> { ["lambda"] = 1 }));
    }

    private sealed class Collect(List<SweepProgress> list) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => list.Add(value);
    }
}
