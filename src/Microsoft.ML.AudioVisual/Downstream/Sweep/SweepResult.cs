using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The outcome of a sweep. <see cref="BestAccuracy"/> is the best mean accuracy over the same folds the pipelines
/// were chosen on, so it is optimistic: the more pipelines tried, the more it flatters. Compare it with
/// <see cref="DefaultAccuracy"/>, measured the same way, and confirm a winner on held-out data.
/// </summary>
public sealed class SweepResult
{
    internal SweepResult(IReadOnlyList<SweepTrial> trials, FoldAssignment folds, IReadOnlyList<int> rungs, int seed, TimeSpan elapsed, string strategy)
    {
        Trials = trials;
        Folds = folds;
        Rungs = rungs;
        Seed = seed;
        Elapsed = elapsed;
        Strategy = strategy;
        DefaultTrial = trials[0];
        BestTrial = trials.Where(t => t.IsComplete).OrderByDescending(t => t.Accuracy).ThenBy(t => t.Id).First();
    }

    /// <summary>Every trial in order; trial 0 is the default pipeline.</summary>
    public IReadOnlyList<SweepTrial> Trials { get; }

    /// <summary>The best complete trial (ties go to the earlier one, so the default wins a tie).</summary>
    public SweepTrial BestTrial { get; }

    /// <summary>The default pipeline's trial.</summary>
    public SweepTrial DefaultTrial { get; }

    /// <summary>The best mean accuracy over all folds.</summary>
    public double BestAccuracy => BestTrial.Accuracy;

    /// <summary>The best pipeline.</summary>
    public DownstreamPipeline BestPipeline => BestTrial.Pipeline;

    /// <summary>The default pipeline's mean accuracy over all folds.</summary>
    public double DefaultAccuracy => DefaultTrial.Accuracy;

    /// <summary>The folds every trial was evaluated on.</summary>
    public FoldAssignment Folds { get; }

    /// <summary>The number of folds evaluated at each successive-halving rung.</summary>
    public IReadOnlyList<int> Rungs { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The wall-clock time of the sweep.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The search strategy in words.</summary>
    public string Strategy { get; }

    /// <summary>
    /// The result as JSON: <c>best_accuracy</c>, <c>best_pipeline</c> (description), <c>default_accuracy</c>, <c>trials</c>
    /// (one object per trial), and <c>best_trial</c>, <c>protocol</c>, <c>folds</c>, <c>rungs</c>, <c>strategy</c>,
    /// <c>seed</c>, <c>elapsed_seconds</c>.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["best_accuracy"] = BestAccuracy,
        ["best_pipeline"] = BestPipeline.Description,
        ["default_accuracy"] = DefaultAccuracy,
        ["trials"] = new JsonArray(Trials.Select(TrialJson).ToArray<JsonNode?>()),
        ["best_trial"] = BestTrial.Id,
        ["protocol"] = Folds.Description,
        ["folds"] = Folds.Count,
        ["rungs"] = new JsonArray(Rungs.Select(r => (JsonNode?)r).ToArray()),
        ["strategy"] = Strategy,
        ["seed"] = Seed,
        ["elapsed_seconds"] = Math.Round(Elapsed.TotalSeconds, 2),
    };

    private static JsonObject TrialJson(SweepTrial trial) => new()
    {
        ["trial"] = trial.Id,
        ["pipeline"] = trial.Pipeline.Description,
        ["trainer"] = trial.Pipeline.Trainer.ToString(),
        ["normalization"] = trial.Pipeline.Normalization.ToString(),
        ["pooling"] = trial.Pipeline.Pooling is { } p ? TimePool.Name(p) : null,
        ["hyperparameters"] = new JsonObject(trial.Pipeline.Hyperparameters.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
        ["rung"] = trial.Rung,
        ["folds_evaluated"] = trial.FoldAccuracies.Count,
        ["complete"] = trial.IsComplete,
        ["accuracy"] = trial.Accuracy,
        ["fold_accuracies"] = new JsonArray(trial.FoldAccuracies.Select(a => (JsonNode?)a).ToArray()),
        ["seconds"] = Math.Round(trial.Duration.TotalSeconds, 3),
        ["is_default"] = trial.IsDefault,
    };
}
