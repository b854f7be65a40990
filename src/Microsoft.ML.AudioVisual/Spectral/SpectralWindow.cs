namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Creates analysis windows with PyTorch's float32 values.</summary>
internal static class SpectralWindow
{
    /// <summary>
    /// The window of <paramref name="length"/> samples, as <c>torch.hann_window(length, periodic)</c> computes
    /// it: <c>arange(N) * (float)(2π/(N-1))</c> in float, SLEEF cos, <c>* -0.5f + 0.5f</c>, with
    /// N = length + 1 (last value dropped) for the periodic window.
    /// </summary>
    public static float[] Create(WindowFunction window, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (length == 1)
        {
            return [1f];
        }

        int n = window switch
        {
            WindowFunction.HannPeriodic => length + 1,
            WindowFunction.HannSymmetric => length,
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window function."),
        };
        float step = (float)(Math.PI * 2.0 / (n - 1));
        var values = new float[length];
        for (int k = 0; k < length; k++)
        {
            float c = TorchFloatMath.Cos(k * step) * -0.5f;
            values[k] = c + 0.5f;
        }

        return values;
    }

    /// <summary>
    /// The window of <paramref name="windowLength"/> samples zero-padded centrally to <paramref name="fftSize"/>
    /// (left padding <c>(fftSize - windowLength) / 2</c>, as <c>torch.stft</c> does).
    /// </summary>
    public static float[] CreatePadded(WindowFunction window, int windowLength, int fftSize)
    {
        if (windowLength > fftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, $"The window length must not exceed the FFT size ({fftSize}).");
        }

        float[] core = Create(window, windowLength);
        if (windowLength == fftSize)
        {
            return core;
        }

        var padded = new float[fftSize];
        core.CopyTo(padded, (fftSize - windowLength) / 2);
        return padded;
    }
}
