using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The ways a downstream data set is split for evaluation: the folds it declares (ESC-50: leave one fold out,
/// mean over folds), its declared train/test split (UCF101 lists), or K-fold cross-validation, stratified by class
/// and optionally grouped (for example by ESC-50's <c>src_file</c>, so clips of one recording never straddle
/// training and test).
/// </summary>
public static class EvaluationProtocol
{
    /// <summary>Leave-one-fold-out over the folds the items declare.</summary>
    /// <exception cref="ArgumentException">Some item has no declared fold, or fewer than two folds are present.</exception>
    public static FoldAssignment DeclaredFolds(DownstreamDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Items.Any(i => i.Fold is null))
            throw new ArgumentException($"Data set '{dataset.Name}' does not declare a fold for every item.", nameof(dataset));
        var folds = dataset.Items.Select(i => i.Fold!.Value).ToArray();
        int distinct = folds.Distinct().Count();
        if (distinct < 2)
            throw new ArgumentException($"Data set '{dataset.Name}' holds only fold {folds.FirstOrDefault()} of its declared folds; cross-validate within it instead (e.g. --folds 5 --group-by src_file).", nameof(dataset));
        return new FoldAssignment(folds, $"leave-one-fold-out over the {distinct} declared folds");
    }

    /// <summary>Trains on the declared train part and tests on the test part (one round).</summary>
    /// <exception cref="ArgumentException">Some item has no declared split, or a part is empty.</exception>
    public static FoldAssignment TrainTestSplit(DownstreamDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Items.Any(i => i.Split is null))
            throw new ArgumentException($"Data set '{dataset.Name}' does not assign every item to train or test.", nameof(dataset));
        var foldOf = dataset.Items.Select(i => i.Split == Split.Test ? 0 : -1).ToArray();
        if (!foldOf.Contains(-1)) throw new ArgumentException($"Data set '{dataset.Name}' has no training items.", nameof(dataset));
        if (!foldOf.Contains(0)) throw new ArgumentException($"Data set '{dataset.Name}' has no test items.", nameof(dataset));
        return new FoldAssignment(foldOf, $"declared train/test split ({foldOf.Count(f => f < 0)} train, {foldOf.Count(f => f == 0)} test)");
    }

    /// <summary>
    /// K-fold cross-validation stratified by class; with <paramref name="groupBy"/>, items sharing that attribute stay
    /// in one fold. Fold assignment is <see cref="LinearProbe.AssignFolds"/> and depends only on <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer items (groups) than folds, or an unknown attribute.</exception>
    public static FoldAssignment CrossValidation(DownstreamDataset dataset, int folds, string? groupBy = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int[]? groups = null;
        if (groupBy is not null)
        {
            var values = dataset.AttributeValues(groupBy);
            var ids = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            groups = Array.ConvertAll(values, v => ids[v]);
        }
        var foldOf = LinearProbe.AssignFolds([.. dataset.Labels], folds, seed, groups);
        string grouping = groupBy is null ? "stratified" : $"stratified, grouped by {groupBy} ({groups!.Distinct().Count()} groups)";
        return new FoldAssignment(foldOf, $"{folds}-fold cross-validation, {grouping}, seed {seed}");
    }

    /// <summary>
    /// Picks the protocol: K-fold cross-validation when <paramref name="folds"/> is given (grouped with
    /// <paramref name="groupBy"/>); otherwise the declared train/test split if there is one; otherwise the declared
    /// folds if there are at least two.
    /// </summary>
    /// <exception cref="ArgumentException">Nothing to evaluate on: no folds given and none declared, or <paramref name="groupBy"/> without <paramref name="folds"/>.</exception>
    public static FoldAssignment Choose(DownstreamDataset dataset, int? folds = null, string? groupBy = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (folds is int k) return CrossValidation(dataset, k, groupBy, seed);
        if (groupBy is not null)
            throw new ArgumentException($"Grouping by '{groupBy}' applies to cross-validation: give the number of folds too (--folds K).", nameof(groupBy));
        if (dataset.HasDeclaredSplit) return TrainTestSplit(dataset);
        if (dataset.HasDeclaredFolds && dataset.Items.Select(i => i.Fold).Distinct().Count() >= 2) return DeclaredFolds(dataset);
        throw new ArgumentException(
            $"Data set '{dataset.Name}' declares no train/test split and fewer than two folds; cross-validate with --folds K (and --group-by COLUMN to keep related clips together).",
            nameof(folds));
    }
}
