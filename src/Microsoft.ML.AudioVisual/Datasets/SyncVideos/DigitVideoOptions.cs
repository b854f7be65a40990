namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>How <see cref="DigitVideos"/> builds its videos.</summary>
public sealed class DigitVideoOptions : SyncVideoTiming
{
    /// <summary>Frame side in pixels (default 28, MNIST's); other sizes resample the images by area.</summary>
    public int Size { get; set; } = 28;

    /// <summary>Shortest blank, silent gap between two digits, in seconds (default 0.1).</summary>
    public double MinGap { get; set; } = 0.1;

    /// <summary>Longest gap between two digits, in seconds (default 0.5); the first digit appears after a gap of up to this too.</summary>
    public double MaxGap { get; set; } = 0.5;

    /// <summary>
    /// A digit stays on screen for its recording's length plus a random hold of up to this many seconds (default 0.1),
    /// rounded up to whole frames: durations vary with the recordings (FSDD takes last 0.14 to 1.31 s) and the hold.
    /// </summary>
    public double MaxHold { get; set; } = 0.1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Size >= 4, nameof(Size), $"must be at least 4 pixels, got {Size}");
        Require(double.IsFinite(MinGap) && MinGap >= 0, nameof(MinGap), $"must be non-negative, got {MinGap}");
        Require(double.IsFinite(MaxGap) && MaxGap >= MinGap, nameof(MaxGap), $"must be at least MinGap ({MinGap}), got {MaxGap}");
        Require(double.IsFinite(MaxHold) && MaxHold >= 0, nameof(MaxHold), $"must be non-negative, got {MaxHold}");
    }
}
