namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Frequency axis of a spectrogram.</summary>
public enum FrequencyScale
{
    /// <summary>The <c>n_fft / 2 + 1</c> linear STFT bins.</summary>
    Linear,

    /// <summary>Triangular mel filter bank (see <see cref="MelFilterBank"/>).</summary>
    Mel,

    /// <summary>The Sound of Pixels log-frequency warp of the linear bins (see <see cref="LogFrequencyWarp"/>).</summary>
    LogFrequency,
}
