namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Compression applied to the final spectrogram values.</summary>
public enum LogCompression
{
    /// <summary>No compression.</summary>
    None,

    /// <summary>Decibels: <c>10 log10</c> for power, <c>20 log10</c> for magnitude spectra (torchaudio <c>AmplitudeToDB</c>); see <see cref="Decibels"/>.</summary>
    Decibels,

    /// <summary>Natural logarithm with an offset: <c>ln(x + NaturalLogOffset)</c> (L3-Net style).</summary>
    NaturalLog,
}
