using Microsoft.ML.AudioVisual.Downstream;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// The downstream check of frozen features: a linear classifier on z-scored features, ML.NET's
/// <c>OneVersusAll(LinearSvm)</c>, cross-validated or trained on a fixed split. The normaliser is fitted on
/// the training rows only, so no statistic of the held-out rows leaks into the model.
/// </summary>
/// <remarks>
/// Fold assignment depends only on the <c>seed</c> argument. The SVM's own shuffling draws from the
/// <see cref="MLContext"/>, so repeated runs match when each gets a fresh <c>new MLContext(seed)</c>.
/// </remarks>
public static class LinearProbe
{
    /// <summary>
    /// Passes of the LinearSvm (Pegasos) trainer over the training rows. Fewer than the downstream default
    /// (<see cref="DownstreamPipeline.DefaultSvmIterations"/>) because this probe also runs on raw spectrograms of
    /// thousands of values per row.
    /// </summary>
    public const int Iterations = 20;

    /// <summary>
    /// Cross-validates the probe with stratified folds (see <see cref="AssignFolds"/>).
    /// </summary>
    /// <param name="context">The ML.NET context; its seed drives the SVM's shuffling.</param>
    /// <param name="features">One feature vector per row, all of the same length.</param>
    /// <param name="labels">The class of each row (any integers).</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="groups">Optional group of each row (e.g. the source recording of ESC-50 clips): rows of a group always share a fold.</param>
    /// <exception cref="ArgumentException">The arrays differ in length, a feature is not finite, or there are fewer rows (groups) than folds.</exception>
    public static LinearProbeResult CrossValidate(MLContext context, float[][] features, int[] labels, int folds = 5, int seed = 0, int[]? groups = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckData(features, labels, nameof(features), nameof(labels));
        var foldOf = AssignFolds(labels, folds, seed, groups);

        var classes = labels.Distinct().Order().ToArray();
        var classIndex = classes.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var confusion = classes.Select(_ => new int[classes.Length]).ToArray();
        var accuracies = new double[folds];
        int correct = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            var train = Enumerable.Range(0, features.Length).Where(i => foldOf[i] != fold).ToArray();
            var test = Enumerable.Range(0, features.Length).Where(i => foldOf[i] == fold).ToArray();
            var predicted = Predict(context, features, labels, train, features, labels, test);
            int foldCorrect = 0;
            for (int i = 0; i < test.Length; i++)
            {
                if (predicted[i] == labels[test[i]]) foldCorrect++;
                // Every label is a class of the data, so a prediction always has a column.
                if (classIndex.TryGetValue(predicted[i], out int column)) confusion[classIndex[labels[test[i]]]][column]++;
            }
            accuracies[fold] = (double)foldCorrect / test.Length;
            correct += foldCorrect;
        }
        return new LinearProbeResult((double)correct / features.Length, accuracies, folds, classes, confusion);
    }

    /// <summary>Trains the probe on one set and returns its accuracy on another (a fixed train/test split).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length or dimension, a feature is not finite, or a set is empty.</exception>
    public static double TrainTest(MLContext context, float[][] trainFeatures, int[] trainLabels, float[][] testFeatures, int[] testLabels)
    {
        ArgumentNullException.ThrowIfNull(context);
        int dimension = CheckData(trainFeatures, trainLabels, nameof(trainFeatures), nameof(trainLabels));
        int testDimension = CheckData(testFeatures, testLabels, nameof(testFeatures), nameof(testLabels));
        if (testDimension != dimension)
            throw new ArgumentException($"The test features have {testDimension} values per row but the training features have {dimension}.", nameof(testFeatures));
        var predicted = Predict(context, trainFeatures, trainLabels, Enumerable.Range(0, trainFeatures.Length).ToArray(),
            testFeatures, testLabels, Enumerable.Range(0, testFeatures.Length).ToArray());
        return (double)predicted.Where((label, i) => label == testLabels[i]).Count() / testFeatures.Length;
    }

    /// <summary>
    /// Assigns each row to one of <paramref name="folds"/> stratified folds: the rows (or, with
    /// <paramref name="groups"/>, the groups, each labelled by its most frequent label) are shuffled with
    /// <paramref name="seed"/>, then dealt round-robin one label after another, the deal carrying on across
    /// labels so the folds stay about equal in size. Every label with at least <paramref name="folds"/>
    /// rows (groups) appears in every fold.
    /// </summary>
    /// <returns>The fold, 0 to <paramref name="folds"/> - 1, of every row.</returns>
    /// <exception cref="ArgumentException">Fewer rows (groups) than folds, or <paramref name="groups"/> differs in length from <paramref name="labels"/>.</exception>
    public static int[] AssignFolds(int[] labels, int folds, int seed, int[]? groups = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (groups is not null && groups.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels but {groups.Length} groups.", nameof(groups));

        // Units are dealt to folds: rows, or whole groups.
        int[] unitOf;
        int[] unitLabel;
        if (groups is null)
        {
            unitOf = Enumerable.Range(0, labels.Length).ToArray();
            unitLabel = (int[])labels.Clone();
        }
        else
        {
            var ids = groups.Distinct().Order().ToArray();
            var index = ids.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i);
            unitOf = Array.ConvertAll(groups, g => index[g]);
            unitLabel = new int[ids.Length];
            foreach (var unit in Enumerable.Range(0, labels.Length).GroupBy(i => unitOf[i]))
            {
                unitLabel[unit.Key] = unit.GroupBy(i => labels[i])
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                    .First().Key;
            }
        }
        string units = groups is null ? "rows" : "groups";
        if (unitLabel.Length < folds)
            throw new ArgumentException($"{folds} folds need at least {folds} {units}, but there are only {unitLabel.Length} {units}.", nameof(folds));

        var order = Enumerable.Range(0, unitLabel.Length).ToArray();
        var random = new Pcg32((ulong)(uint)seed, stream: 0xF01D);
        random.Shuffle(order.AsSpan());
        var unitFold = new int[unitLabel.Length];
        int next = 0;
        // OrderBy is stable: within a label, units keep their shuffled order.
        foreach (var unit in order.OrderBy(u => unitLabel[u])) unitFold[unit] = next++ % folds;
        return Array.ConvertAll(unitOf, u => unitFold[u]);
    }

    private static int CheckData(float[][] features, int[] labels, string featuresName, string labelsName)
    {
        ArgumentNullException.ThrowIfNull(features, featuresName);
        ArgumentNullException.ThrowIfNull(labels, labelsName);
        if (features.Length == 0) throw new ArgumentException("There are no rows.", featuresName);
        if (labels.Length != features.Length)
            throw new ArgumentException($"There are {features.Length} feature rows but {labels.Length} labels.", labelsName);
        return FeatureRows.Check(features, featuresName);
    }

    /// <summary>Fits the probe on the <paramref name="train"/> rows and predicts the label of each <paramref name="test"/> row.</summary>
    private static int[] Predict(MLContext context, float[][] trainFeatures, int[] trainLabels, int[] train, float[][] testFeatures, int[] testLabels, int[] test) =>
        // The probe is the downstream linear-SVM pipeline; a test label never seen in training cannot be predicted,
        // so it counts as wrong (ML.NET's evaluator would skip it).
        PipelineFitting.FitPredict(context, DownstreamPipeline.LinearSvm(DownstreamPipeline.DefaultSvmLambda, Iterations), trainFeatures, trainLabels, train, testFeatures, testLabels, test, seed: 0);
}
