namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Moves spectrogram-shaped arrays between the linear frequency axis of the STFT and the log-frequency axis of the
/// Sound of Pixels network, with the official grids (<c>warpgrid</c>, sampled by <c>grid_sample</c>, align_corners=True).
/// A predicted mask lives on the log axis; <see cref="Unwarp(ReadOnlySpan{float}, int, SeparationFrontEnd)"/> brings it back to the linear bins, where it multiplies
/// the mixture's magnitude before the inverse STFT.
/// </summary>
public static class LogFrequencyMask
{
    /// <summary>Warps a row-major <c>[linearBins, frames]</c> array to <c>[logBins, frames]</c>.</summary>
    /// <exception cref="ArgumentException">The array does not hold linearBins x frames values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static float[] Warp(ReadOnlySpan<float> linear, int linearBins, int frames, int logBins) =>
        LogFrequencyGrid.Warp(linearBins, logBins, frames).Apply(linear, nameof(linear));

    /// <summary>Warps a row-major <c>[LinearBins, frames]</c> array to the network's <c>[LogFrequencyBins, frames]</c> rows of <paramref name="frontEnd"/>'s frequency axis.</summary>
    /// <exception cref="ArgumentException">The array does not hold LinearBins x frames values.</exception>
    public static float[] Warp(ReadOnlySpan<float> linear, int frames, SeparationFrontEnd frontEnd)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        return LogFrequencyGrid.Warp(frontEnd.LinearBins, frontEnd.LogFrequencyBins, frames, frontEnd.FrequencyAxis).Apply(linear, nameof(linear));
    }

    /// <summary>Un-warps a row-major <c>[logBins, frames]</c> array (e.g. a mask) to <c>[linearBins, frames]</c>, as the official evaluation does.</summary>
    /// <exception cref="ArgumentException">The array does not hold logBins x frames values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public static float[] Unwarp(ReadOnlySpan<float> mask, int logBins, int frames, int linearBins) =>
        LogFrequencyGrid.Unwarp(logBins, linearBins, frames).Apply(mask, nameof(mask));

    /// <summary>Un-warps a row-major <c>[LogFrequencyBins, frames]</c> array of <paramref name="frontEnd"/>'s frequency axis to <c>[LinearBins, frames]</c>.</summary>
    /// <exception cref="ArgumentException">The array does not hold LogFrequencyBins x frames values.</exception>
    public static float[] Unwarp(ReadOnlySpan<float> mask, int frames, SeparationFrontEnd frontEnd)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        return LogFrequencyGrid.Unwarp(frontEnd.LogFrequencyBins, frontEnd.LinearBins, frames, frontEnd.FrequencyAxis).Apply(mask, nameof(mask));
    }
}
