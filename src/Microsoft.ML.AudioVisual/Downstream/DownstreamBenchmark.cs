namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Downstream benchmarks end to end: featurise a data set, choose the protocol, then evaluate the default
/// pipeline (<see cref="Classify"/>) or search pipelines (<see cref="Sweep"/>). What <c>avl eval classify</c> and
/// <c>avl sweep</c> run.
/// </summary>
public static class DownstreamBenchmark
{
    /// <summary>
    /// Evaluates the default pipeline (<see cref="DownstreamPipeline.Default"/>) on the features of every item, with
    /// the protocol <see cref="EvaluationProtocol.Choose"/> picks. With a <paramref name="baseline"/> (the log-mel
    /// features, for model features on an audio data set), the baseline is evaluated on the same items and folds:
    /// items either extractor cannot read are left out of both.
    /// </summary>
    /// <param name="context">The ML.NET context (progress goes to its log, component <c>Downstream</c>).</param>
    /// <param name="dataset">The items.</param>
    /// <param name="features">The features to evaluate.</param>
    /// <param name="options">Protocol, seed, pooling and export settings.</param>
    /// <param name="baseline">Baseline features for comparison, or null. Ignored unless the data set is audio.</param>
    public static DownstreamClassificationReport Classify(MLContext context, DownstreamDataset dataset, IClipFeatureExtractor features,
        DownstreamRunOptions? options = null, IClipFeatureExtractor? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new DownstreamRunOptions();
        var log = new ComponentLog(context, "Downstream");
        var set = Extract(dataset, features, options, log);
        ClipFeatureSet? baseSet = null;
        if (baseline is not null && dataset.Modality == MediaModality.Audio)
        {
            baseSet = Extract(set.Dataset, baseline, options, log);
            set = set.Restrict(baseSet.Dataset);
        }
        var folds = EvaluationProtocol.Choose(set.Dataset, options.Folds, options.GroupBy, options.Seed);
        Say(options, log, $"Protocol: {folds.Description}.");
        var pooling = options.Pooling ?? features.DefaultPooling;
        if (options.ExportFolder is not null)
        {
            set.Export(options.ExportFolder, pooling, folds);
            Say(options, log, $"Wrote pooled {features.Name} features, labels and folds to {options.ExportFolder}.");
        }
        var labels = set.Dataset.Labels;
        var predictions = DownstreamCrossValidation.Evaluate(set.Pool(pooling), labels, folds, DownstreamPipeline.Default(pooling), options.Seed);
        var baselinePredictions = baseSet is null ? null
            : DownstreamCrossValidation.Evaluate(baseSet.Pool(baseline!.DefaultPooling), labels, folds, DownstreamPipeline.Default(baseline.DefaultPooling), options.Seed);
        var report = new DownstreamClassificationReport(set.Dataset, features, pooling, folds, predictions, baselinePredictions);
        foreach (var line in report.Lines()) Say(options, log, line);
        return report;
    }

    /// <summary>
    /// Featurises every item and searches downstream pipelines on the window features (so pooling is searched too),
    /// on the folds <see cref="EvaluationProtocol.Choose"/> picks; <paramref name="sweepOptions"/> gives the budget,
    /// seed and search space (its column and fold settings are filled in here).
    /// </summary>
    public static DownstreamSweepReport Sweep(MLContext context, DownstreamDataset dataset, IClipFeatureExtractor features,
        DownstreamRunOptions? options, SweepOptions sweepOptions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sweepOptions);
        options ??= new DownstreamRunOptions();
        var log = new ComponentLog(context, "Downstream");
        var set = Extract(dataset, features, options, log);
        var folds = EvaluationProtocol.Choose(set.Dataset, options.Folds, options.GroupBy, options.Seed);
        Say(options, log, $"Protocol: {folds.Description}.");
        sweepOptions.FeatureColumnName = "Features";
        sweepOptions.LabelColumnName = "Label";
        sweepOptions.ItemColumnName = "Item";
        sweepOptions.FoldColumnName = "Fold";
        sweepOptions.GroupColumnName = null;
        sweepOptions.Seed = options.Seed;
        sweepOptions.DefaultPooling = options.Pooling ?? features.DefaultPooling;
        var result = context.AudioVisual().Sweep(set.ToDataView(context, pooling: null, folds), sweepOptions);
        return new DownstreamSweepReport(result, set.Dataset, features, folds);
    }

    private static ClipFeatureSet Extract(DownstreamDataset dataset, IClipFeatureExtractor features, DownstreamRunOptions options, ComponentLog log)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(features);
        Say(options, log, $"{dataset}. Features: {features.Description}.");
        int total = dataset.Items.Count, step = Math.Max(1, total / 10);
        var progress = new Progress(done =>
        {
            if (done % step == 0 || done == total) Say(options, log, $"{features.Name}: {done}/{total} files");
        });
        var set = ClipFeatureSet.Extract(dataset, features, progress, options.CancellationToken);
        int failed = set.Dataset.Skipped.Count - dataset.Skipped.Count;
        if (failed > 0) Say(options, log, $"{features.Name}: {failed} file(s) could not be read: {SkippedItem.Summarize(set.Dataset.Skipped)}.");
        return set;
    }

    private static void Say(DownstreamRunOptions options, ComponentLog log, string line)
    {
        log.Info(line);
        options.Status?.Report(line);
    }

    /// <summary>A synchronous <see cref="IProgress{T}"/>: <see cref="Progress{T}"/> would post to the thread pool and reorder lines.</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
