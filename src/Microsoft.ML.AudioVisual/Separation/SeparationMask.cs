namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>What a separation network's masks are trained to predict (Sound of Pixels' <c>binary_mask</c> switch, and a soft variant).</summary>
public enum SeparationMask
{
    /// <summary>
    /// 1 where the source's warped magnitude exceeds half the mixture's, else 0; trained with (weighted) binary
    /// cross-entropy, thresholded at 0.5 when separating.
    /// </summary>
    Binary,

    /// <summary>The source's warped magnitude over the mixture's, clamped to [0, 5]; trained with (weighted) L1, applied as is.</summary>
    Ratio,

    /// <summary>
    /// The source's share of the sources' warped power, <c>mag_n² / Σ_k mag_k²</c> (the ideal Wiener mask of the
    /// magnitudes, in [0, 1]); predicted through a sigmoid and trained with (weighted) binary cross-entropy on these soft
    /// targets, applied as <see cref="Binary"/> masks are (soft, normalised, optionally thresholded). The binary target
    /// only says which source is louder in a bin; this one says by how much, which is what a soft mask applies.
    /// </summary>
    Wiener,
}
