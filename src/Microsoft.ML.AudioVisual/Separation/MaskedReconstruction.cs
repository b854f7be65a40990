namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Turns a predicted mask back into a waveform as the official Sound of Pixels evaluation does: the mask (on the
/// log-frequency axis) is un-warped to the linear bins, thresholded at 0.5 for binary masks, multiplied with the
/// mixture's magnitude, and inverted with the mixture's phase (i.e. the complex mixture STFT times the mask).
/// </summary>
public static class MaskedReconstruction
{
    /// <summary>Threshold of binary masks (official <c>mask_thres</c>).</summary>
    public const float BinaryThreshold = 0.5f;

    /// <summary>The waveform of <paramref name="warpedMask"/> (<c>[LogFrequencyBins, Frames]</c>) applied to <paramref name="mixture"/>.</summary>
    /// <param name="mixture">The mixture's spectrogram.</param>
    /// <param name="warpedMask">The mask in the model's frequency domain, before any threshold.</param>
    /// <param name="mask">Binary and Wiener masks are thresholded at <paramref name="binaryThreshold"/>; ratio masks are applied as they are.</param>
    /// <param name="length">Samples to return (the clip length).</param>
    /// <param name="binaryThreshold">
    /// The threshold of binary masks (default the official 0.5); null applies the predicted probability itself
    /// (a soft mask), which trades some interference for fewer artefacts.
    /// </param>
    /// <exception cref="ArgumentException">The mask does not hold LogFrequencyBins x Frames values.</exception>
    public static float[] Reconstruct(MixtureSpectrogram mixture, ReadOnlySpan<float> warpedMask, SeparationMask mask, int length, float? binaryThreshold = BinaryThreshold)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        var frontEnd = mixture.FrontEnd;
        float[] linear = LogFrequencyMask.Unwarp(warpedMask, mixture.Frames, frontEnd);
        var masked = new float[mixture.Stft.Length];
        for (int i = 0; i < linear.Length; i++)
        {
            float m = mask.IsProbability() && binaryThreshold is float threshold ? (linear[i] > threshold ? 1f : 0f) : linear[i];
            masked[2 * i] = mixture.Stft[2 * i] * m;
            masked[(2 * i) + 1] = mixture.Stft[(2 * i) + 1] * m;
        }
        var options = frontEnd.StftOptions();
        return Spectral.ShortTimeFourierTransform.Inverse(masked, mixture.Frames, options.FftSize, frontEnd.HopLength, window: options.Window, center: true, length: length);
    }
}
