namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Which quantity of the complex STFT a spectrogram holds.</summary>
public enum SpectrumKind
{
    /// <summary>Magnitude <c>|X|</c> (torchaudio <c>power=1</c>).</summary>
    Magnitude,

    /// <summary>Power <c>|X|^2</c> (torchaudio <c>power=2</c>, the default).</summary>
    Power,
}
