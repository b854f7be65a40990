namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Turns one media file into a sequence of feature vectors over time ("windows"), to be pooled into one vector per
/// clip by <see cref="TimePool"/>. The log-mel baseline (<see cref="LogMelFrameFeatures"/>) is implemented here; the
/// TorchSharp package adds embeddings of a trained AvcEmbedding model behind the same interface.
/// </summary>
public interface IClipFeatureExtractor
{
    /// <summary>A short name for reports (e.g. <c>logmel</c>).</summary>
    string Name { get; }

    /// <summary>How features are made (front-end, window length), for reports.</summary>
    string Description { get; }

    /// <summary>Values per window.</summary>
    int Dimension { get; }

    /// <summary>The pooling that makes this extractor's usual clip feature (e.g. mean+std for log-mel frames).</summary>
    TimePooling DefaultPooling { get; }

    /// <summary>True when files of <paramref name="modality"/> can be featurised (audio features read the sound track of videos).</summary>
    bool Supports(MediaModality modality);

    /// <summary>The features of every window of the file, in time order: at least one window, each <see cref="Dimension"/> values.</summary>
    /// <exception cref="Media.MediaLoadException">The file is missing, corrupt, too short or lacks the needed stream (the item is then skipped as unreadable).</exception>
    float[][] ExtractWindows(string path, CancellationToken cancellationToken = default);
}
