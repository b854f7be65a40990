namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// The sync score of a clip from the distance d of its embeddings: <c>1 / (1 + exp(-(10 / margin) (margin / 2 - d)))</c>.
/// Training pulls in-sync clips to d = 0 and pushes the others beyond the margin, so half the margin is the decision
/// threshold (score 0.5); d = 0 scores 0.993 and d = margin 0.007.
/// </summary>
public static class SyncScore
{
    /// <summary>The score of a distance under a model's margin.</summary>
    public static double FromDistance(double distance, double margin) => 1 / (1 + Math.Exp(-(10 / margin) * (margin / 2 - distance)));
}
