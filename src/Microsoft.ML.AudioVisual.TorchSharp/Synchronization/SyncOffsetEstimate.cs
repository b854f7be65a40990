namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// What the offset estimator found for a video: the audio offset that brings sound and picture closest, how clearly, and
/// the whole curve. A positive offset means the sound is late (it plays after the picture it belongs to); shifting the
/// audio earlier by that much puts the video in sync.
/// </summary>
/// <param name="OffsetSeconds">The best offset in seconds (a whole number of frames).</param>
/// <param name="OffsetFrames">The best offset in frames.</param>
/// <param name="Confidence">The median of the curve minus its minimum (SyncNet's confidence): near 0 when no offset stands out.</param>
/// <param name="OffsetsSeconds">The scanned offsets, from the most negative to the most positive, one frame apart.</param>
/// <param name="Curve">Mean audio-visual embedding distance at each scanned offset over every clip both streams cover (NaN where none); lower is more in sync.</param>
/// <param name="InSyncScore">The sync score at offset 0: probability-like, above 0.5 when the video as given looks in sync.</param>
public sealed record SyncOffsetEstimate(double OffsetSeconds, int OffsetFrames, double Confidence, IReadOnlyList<double> OffsetsSeconds,
    IReadOnlyList<float> Curve, double InSyncScore);
