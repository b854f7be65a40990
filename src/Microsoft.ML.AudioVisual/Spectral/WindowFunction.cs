namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Analysis window applied to every STFT frame.</summary>
/// <remarks>
/// Window values are computed exactly as <c>torch.hann_window</c> computes them in float32, so frames
/// (and therefore spectra) are bit-identical to PyTorch's on the same input.
/// </remarks>
public enum WindowFunction
{
    /// <summary>Periodic Hann window, <c>0.5 - 0.5 cos(2πk/N)</c> for k in [0, N): <c>torch.hann_window(N)</c> (the torchaudio and librosa default).</summary>
    HannPeriodic,

    /// <summary>Symmetric Hann window, <c>0.5 - 0.5 cos(2πk/(N-1))</c>: <c>torch.hann_window(N, periodic=False)</c>.</summary>
    HannSymmetric,
}
