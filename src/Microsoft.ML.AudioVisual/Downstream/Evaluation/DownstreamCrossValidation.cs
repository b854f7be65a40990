namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>The predictions of one evaluation round.</summary>
/// <param name="Fold">The held-out fold id.</param>
/// <param name="TestRows">The rows tested.</param>
/// <param name="Predicted">The predicted class of each tested row.</param>
/// <param name="Accuracy">The fraction of tested rows predicted right.</param>
public sealed record FoldPrediction(int Fold, IReadOnlyList<int> TestRows, IReadOnlyList<int> Predicted, double Accuracy);

/// <summary>
/// Evaluates a <see cref="DownstreamPipeline"/> on pooled features over a <see cref="FoldAssignment"/>: each round
/// fits the whole pipeline, normaliser included, on its training rows only and predicts its held-out rows.
/// </summary>
/// <remarks>
/// Every fit gets a fresh <c>new MLContext(seed)</c>, so a pipeline's score on a fold depends only on the data, the
/// fold and the seed, not on what ran before (the sweep and the evaluation report the same default accuracy).
/// </remarks>
public static class DownstreamCrossValidation
{
    /// <summary>Runs the rounds <paramref name="rounds"/> (all when null) and returns their predictions, in round order.</summary>
    /// <param name="features">One pooled vector per row, all of one length and finite.</param>
    /// <param name="labels">The class of every row.</param>
    /// <param name="folds">The rounds.</param>
    /// <param name="pipeline">The pipeline; its pooling is ignored (the features are already pooled).</param>
    /// <param name="seed">The seed of every fit.</param>
    /// <param name="rounds">Which rounds to run (indices into <see cref="FoldAssignment.FoldIds"/>), or null for all.</param>
    /// <exception cref="ArgumentException">The arrays differ in length or the features are not usable.</exception>
    public static IReadOnlyList<FoldPrediction> Evaluate(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, FoldAssignment folds,
        DownstreamPipeline pipeline, int seed = 0, IEnumerable<int>? rounds = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (labels.Count != features.Count) throw new ArgumentException($"There are {features.Count} feature rows but {labels.Count} labels.", nameof(labels));
        if (folds.FoldOf.Count != features.Count) throw new ArgumentException($"There are {features.Count} feature rows but the folds cover {folds.FoldOf.Count}.", nameof(folds));
        Evaluation.FeatureRows.Check(features as float[][] ?? features.ToArray(), nameof(features));
        var results = new List<FoldPrediction>();
        foreach (int round in rounds ?? Enumerable.Range(0, folds.Count))
        {
            var (train, test) = folds.Round(round);
            var predicted = PipelineFitting.FitPredict(new MLContext(seed), pipeline, features, labels, train, features, labels, test, seed);
            int correct = test.Where((row, i) => predicted[i] == labels[row]).Count();
            results.Add(new FoldPrediction(folds.FoldIds[round], test, predicted, (double)correct / test.Length));
        }
        return results;
    }

    /// <summary>The confusion counts over all predicted rows: <c>[true class][predicted class]</c>.</summary>
    public static int[][] Confusion(IEnumerable<FoldPrediction> predictions, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var matrix = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        foreach (var fold in predictions)
        {
            for (int i = 0; i < fold.TestRows.Count; i++) matrix[labels[fold.TestRows[i]]][fold.Predicted[i]]++;
        }
        return matrix;
    }
}
