namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>How the rows of a separation network's spectrogram sample the STFT's linear bins (<see cref="SeparationFrontEnd.FrequencyAxis"/>).</summary>
public enum SeparationFrequencyAxis
{
    /// <summary>
    /// The official log-frequency warp (<c>warpgrid</c>): half of the rows below about a sixth of the band, for music whose
    /// notes are evenly spaced in log frequency.
    /// </summary>
    Logarithmic,

    /// <summary>
    /// Rows evenly spaced over the linear bins (the STFT resampled to <see cref="SeparationFrontEnd.LogFrequencyBins"/>
    /// rows): speech formants between 0.5 and 4 kHz keep their resolution.
    /// </summary>
    Linear,
}
