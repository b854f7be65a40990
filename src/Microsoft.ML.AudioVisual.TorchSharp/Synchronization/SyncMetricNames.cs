namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>Metric names of the synchronisation family.</summary>
public static class SyncMetricNames
{
    /// <summary>Balanced accuracy of in-sync clips against easy negatives (audio of another video).</summary>
    public const string AccuracyEasy = "accuracy_easy";

    /// <summary>Balanced accuracy of in-sync clips against hard negatives (the same video, shifted).</summary>
    public const string AccuracyHard = "accuracy_hard";
}
