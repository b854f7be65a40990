namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>What a separation network's masks are trained to predict (Sound of Pixels' <c>binary_mask</c> switch).</summary>
public enum SeparationMask
{
    /// <summary>
    /// 1 where the source's warped magnitude exceeds half the mixture's, else 0; trained with (weighted) binary
    /// cross-entropy, thresholded at 0.5 when separating.
    /// </summary>
    Binary,

    /// <summary>The source's warped magnitude over the mixture's, clamped to [0, 5]; trained with (weighted) L1, applied as is.</summary>
    Ratio,
}
