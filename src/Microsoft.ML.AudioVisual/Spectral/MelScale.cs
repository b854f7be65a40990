namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Hz-to-mel conversion formula.</summary>
public enum MelScale
{
    /// <summary>HTK: <c>mel = 2595 log10(1 + f / 700)</c> (torchaudio default).</summary>
    Htk,

    /// <summary>Slaney (Auditory Toolbox, librosa default): linear <c>f / (200/3)</c> below 1 kHz, logarithmic with step <c>ln(6.4) / 27</c> above.</summary>
    Slaney,
}
