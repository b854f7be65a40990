namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>One known shift given to the offset estimator.</summary>
/// <param name="Video">The video's name.</param>
/// <param name="TrueOffsetFrames">The audio delay applied, in frames.</param>
/// <param name="EstimatedOffsetFrames">The offset the estimator returned, in frames.</param>
/// <param name="Confidence">Its confidence.</param>
public sealed record SyncOffsetTrial(string Video, int TrueOffsetFrames, int EstimatedOffsetFrames, double Confidence)
{
    /// <summary>|estimated - true| in frames.</summary>
    public int ErrorFrames => Math.Abs(EstimatedOffsetFrames - TrueOffsetFrames);
}

/// <summary>What <see cref="SyncEvaluator"/> measured.</summary>
/// <param name="SyncAccuracyHard">Balanced accuracy of the sync decision (score above 0.5) on in-sync clips against the same clips with the video's own audio shifted by at least the hard minimum.</param>
/// <param name="SyncAccuracyEasy">Balanced accuracy on in-sync clips against the same frames with another video's audio (NaN with a single video).</param>
/// <param name="InSyncAccuracy">Fraction of in-sync clips the decision calls in sync (the half the two balanced accuracies share).</param>
/// <param name="RankingAccuracyHard">Fraction of clips whose in-sync audio is closer than their hard negative (no threshold involved).</param>
/// <param name="OffsetWithinOneFrame">Fraction of known shifts whose estimate is within one frame.</param>
/// <param name="OffsetMedianErrorFrames">Median |estimated - true| offset in frames.</param>
/// <param name="OffsetMeanErrorFrames">Mean |estimated - true| offset in frames.</param>
/// <param name="DecisionClips">In-sync clips behind the accuracies.</param>
/// <param name="Videos">Videos evaluated.</param>
/// <param name="OffsetWindowFrames">Frames per offset-estimation clip (with the model's scan range of audio context either side).</param>
/// <param name="Trials">Every known shift and its estimate.</param>
public sealed record SyncEvaluationReport(double SyncAccuracyHard, double SyncAccuracyEasy, double InSyncAccuracy, double RankingAccuracyHard, double OffsetWithinOneFrame,
    double OffsetMedianErrorFrames, double OffsetMeanErrorFrames, int DecisionClips, int Videos, int OffsetWindowFrames, IReadOnlyList<SyncOffsetTrial> Trials);
