namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Settings of <see cref="AudioVisualCatalogSweepExtensions.Sweep"/>: the columns of the features view, how it is
/// cross-validated, the budget and the search space.
/// </summary>
public sealed class SweepOptions
{
    /// <summary>The feature column, <c>Vector&lt;Single, D&gt;</c> (default <c>Features</c>).</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The label column: a key, text or integer column (default <c>Label</c>).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// When set, rows are windows of items: rows sharing this column's value (Int32) are one item, and the time
    /// pooling (<see cref="PipelineSearchSpace.Poolings"/>) joins the search. Null: every row is an item.
    /// </summary>
    public string? ItemColumnName { get; set; }

    /// <summary>
    /// A column with each row's fold (integers; each non-negative value is held out once, negative values are
    /// training only). Null: stratified <see cref="NumberOfFolds"/>-fold cross-validation.
    /// </summary>
    public string? FoldColumnName { get; set; }

    /// <summary>Without a fold column, a column whose rows must share a fold (e.g. the source recording), or null.</summary>
    public string? GroupColumnName { get; set; }

    /// <summary>Folds when there is no fold column (default 5).</summary>
    public int NumberOfFolds { get; set; } = 5;

    /// <summary>
    /// Wall-clock budget (default 2 minutes). The default pipeline is always evaluated in full; after it, no fit starts
    /// that would, at its trainer's mean fit time so far, end past the budget.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An optional cap on sampled pipelines (besides the default): with it a sweep is repeatable whatever the machine speed.</summary>
    public int? MaxTrials { get; set; }

    /// <summary>Seed of the pipeline sampling, the folds (without a fold column) and every fit.</summary>
    public int Seed { get; set; }

    /// <summary>The pooling of the default pipeline when rows are windows (default mean+std).</summary>
    public TimePooling DefaultPooling { get; set; } = TimePooling.MeanStd;

    /// <summary>What is searched.</summary>
    public PipelineSearchSpace SearchSpace { get; set; } = new();

    /// <summary>Successive-halving reduction factor η: of every rung, the best 1/η go on (default 3).</summary>
    public int ReductionFactor { get; set; } = 3;

    /// <summary>Pipelines sampled per bracket (default 9).</summary>
    public int BracketSize { get; set; } = 9;

    /// <summary>Receives the leaderboard after every trial step.</summary>
    public IProgress<SweepProgress>? Progress { get; set; }

    /// <summary>Stops the sweep between fits (the result then holds what was done).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(FeatureColumnName, nameof(FeatureColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(LabelColumnName, nameof(LabelColumnName));
        if (FoldColumnName is null && NumberOfFolds < 2) throw new ArgumentOutOfRangeException(nameof(NumberOfFolds), NumberOfFolds, "At least 2 folds are needed.");
        if (TimeBudget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "The time budget must be positive.");
        if (MaxTrials is < 0) throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "MaxTrials must not be negative.");
        if (ReductionFactor < 2) throw new ArgumentOutOfRangeException(nameof(ReductionFactor), ReductionFactor, "The reduction factor must be at least 2.");
        if (BracketSize < 1) throw new ArgumentOutOfRangeException(nameof(BracketSize), BracketSize, "A bracket needs at least one pipeline.");
        ArgumentNullException.ThrowIfNull(SearchSpace, nameof(SearchSpace));
        SearchSpace.Validate();
    }
}
