namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>One pipeline of a sweep and how far it got.</summary>
/// <param name="Id">The trial number; 0 is the default pipeline.</param>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Rung">The last successive-halving rung it was evaluated on (0-based).</param>
/// <param name="FoldAccuracies">The accuracy on each fold evaluated so far, in fold order.</param>
/// <param name="FoldCount">The number of folds of the protocol.</param>
/// <param name="Duration">The time spent fitting it.</param>
public sealed record SweepTrial(int Id, DownstreamPipeline Pipeline, int Rung, IReadOnlyList<double> FoldAccuracies, int FoldCount, TimeSpan Duration)
{
    /// <summary>True for the default pipeline (trial 0).</summary>
    public bool IsDefault => Id == 0;

    /// <summary>True when every fold was evaluated (only complete trials compete for best).</summary>
    public bool IsComplete => FoldAccuracies.Count == FoldCount;

    /// <summary>The mean accuracy over the folds evaluated (NaN before any).</summary>
    public double Accuracy => FoldAccuracies.Count == 0 ? double.NaN : FoldAccuracies.Average();
}

/// <summary>A leaderboard snapshot, sent after every trial step.</summary>
/// <param name="Trial">The trial just evaluated on one more rung.</param>
/// <param name="Leaderboard">The best complete trials so far, best first (at most 5).</param>
/// <param name="Elapsed">Time since the sweep started.</param>
public sealed record SweepProgress(SweepTrial Trial, IReadOnlyList<SweepTrial> Leaderboard, TimeSpan Elapsed);
