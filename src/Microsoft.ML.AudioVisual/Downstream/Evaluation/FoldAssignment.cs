namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Which rows each evaluation round holds out. Every distinct non-negative value of <see cref="FoldOf"/> is a fold:
/// its rows are the test part of one round and the rest the training part. Rows with a negative fold (for
/// example the train list of a fixed split) are always trained on and never tested.
/// </summary>
public sealed class FoldAssignment
{
    /// <summary>Creates an assignment.</summary>
    /// <param name="foldOf">The fold of every row; negative for "training only".</param>
    /// <param name="description">How the folds were made, for reports.</param>
    /// <exception cref="ArgumentException">No row is tested, or some round would have no training rows.</exception>
    public FoldAssignment(IReadOnlyList<int> foldOf, string description)
    {
        ArgumentNullException.ThrowIfNull(foldOf);
        ArgumentException.ThrowIfNullOrEmpty(description);
        FoldOf = foldOf.ToArray();
        Description = description;
        FoldIds = FoldOf.Where(f => f >= 0).Distinct().Order().ToArray();
        if (FoldIds.Count == 0) throw new ArgumentException("No row is held out for testing.", nameof(foldOf));
        foreach (int fold in FoldIds)
        {
            if (FoldOf.All(f => f == fold))
                throw new ArgumentException($"Fold {fold} holds every row, so its round would have nothing to train on; declare at least two folds or a training part.", nameof(foldOf));
        }
    }

    /// <summary>The fold of every row (negative: training only).</summary>
    public IReadOnlyList<int> FoldOf { get; }

    /// <summary>The held-out folds, in ascending order (the order of reported fold accuracies).</summary>
    public IReadOnlyList<int> FoldIds { get; }

    /// <summary>The number of rounds.</summary>
    public int Count => FoldIds.Count;

    /// <summary>How the folds were made, e.g. <c>5-fold cross-validation grouped by src_file (seed 0)</c>.</summary>
    public string Description { get; }

    /// <summary>The training and test rows of round <paramref name="round"/> (0 to <see cref="Count"/> - 1).</summary>
    public (int[] Train, int[] Test) Round(int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(round, Count);
        int fold = FoldIds[round];
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < FoldOf.Count; i++) (FoldOf[i] == fold ? test : train).Add(i);
        return (train.ToArray(), test.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
