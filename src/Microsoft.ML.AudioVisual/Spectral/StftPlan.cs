namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Everything an STFT needs that does not depend on the waveform: window, FFT plan, framing.
/// Immutable and thread-safe; per-call buffers come from the caller.
/// </summary>
internal sealed class StftPlan
{
    private readonly float[] _window;
    private readonly RealFft _fft;

    public StftPlan(int fftSize, int hopLength, int windowLength, WindowFunction window, bool center, PaddingMode padMode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        if (windowLength < 1 || windowLength > fftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, $"The window length must be between 1 and the FFT size ({fftSize}).");
        }

        if (!Enum.IsDefined(padMode))
        {
            throw new ArgumentOutOfRangeException(nameof(padMode), padMode, "Unknown padding mode.");
        }

        FftSize = fftSize;
        HopLength = hopLength;
        Center = center;
        PadMode = padMode;
        _window = SpectralWindow.CreatePadded(window, windowLength, fftSize);
        _fft = new RealFft(fftSize);
    }

    public int FftSize { get; }

    public int HopLength { get; }

    public bool Center { get; }

    public PaddingMode PadMode { get; }

    /// <summary>Number of one-sided frequency bins, n_fft/2 + 1.</summary>
    public int Bins => (FftSize / 2) + 1;

    /// <summary>Samples of padding on each side (n_fft/2 when centred).</summary>
    public int Padding => Center ? FftSize / 2 : 0;

    /// <summary>Frames for <paramref name="sampleCount"/> samples, with torch.stft's formula; throws when torch would.</summary>
    public int FrameCount(int sampleCount)
    {
        if (sampleCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "The waveform must contain at least one sample.");
        }

        if (Center && PadMode == PaddingMode.Reflect && sampleCount <= Padding)
        {
            throw new ArgumentException(
                $"Reflect padding by n_fft/2 = {Padding} samples needs a waveform longer than {Padding} samples, but it has {sampleCount}. Use constant padding or a longer input.",
                nameof(sampleCount));
        }

        long padded = (long)sampleCount + (2L * Padding);
        if (padded < FftSize)
        {
            throw new ArgumentException(
                $"The waveform ({sampleCount} samples{(Center ? $" + 2 x {Padding} padding" : string.Empty)}) is shorter than one frame of n_fft = {FftSize} samples.",
                nameof(sampleCount));
        }

        return (int)(1 + ((padded - FftSize) / HopLength));
    }

    /// <summary>Loads frame <paramref name="t"/> of the (virtually padded) waveform into <paramref name="frame"/>, multiplied by the window, in float like torch.</summary>
    public void LoadFrame(ReadOnlySpan<float> waveform, int t, Span<float> frame)
    {
        int n = FftSize;
        float[] window = _window;
        int start = (t * HopLength) - Padding;
        if (start >= 0 && start + n <= waveform.Length)
        {
            ReadOnlySpan<float> source = waveform.Slice(start, n);
            for (int i = 0; i < n; i++)
            {
                frame[i] = source[i] * window[i];
            }

            return;
        }

        int length = waveform.Length;
        for (int i = 0; i < n; i++)
        {
            int index = start + i;
            float sample;
            if ((uint)index < (uint)length)
            {
                sample = waveform[index];
            }
            else if (PadMode == PaddingMode.Constant)
            {
                sample = 0f;
            }
            else
            {
                // numpy/torch 'reflect': mirror around the edge sample without repeating it.
                sample = waveform[index < 0 ? -index : (2 * (length - 1)) - index];
            }

            frame[i] = sample * window[i];
        }
    }

    /// <summary>Forward FFT of a loaded frame, in place, into halfcomplex order (see <see cref="RealFft"/>).</summary>
    public void Transform(Span<float> frame, Span<float> scratch) => _fft.Forward(frame, scratch);

    /// <summary>Inverse FFT (unnormalised) of a halfcomplex frame, in place.</summary>
    public void InverseTransform(Span<float> frame, Span<float> scratch) => _fft.Backward(frame, scratch);

    /// <summary>The padded analysis window (length n_fft).</summary>
    public ReadOnlySpan<float> Window => _window;

    /// <summary>Real and imaginary part of bin <paramref name="k"/> from a halfcomplex spectrum.</summary>
    public static (float Re, float Im) Bin(ReadOnlySpan<float> halfComplex, int k, int fftSize)
    {
        if (k == 0)
        {
            return (halfComplex[0], 0f);
        }

        if (2 * k == fftSize)
        {
            return (halfComplex[fftSize - 1], 0f);
        }

        return (halfComplex[(2 * k) - 1], halfComplex[2 * k]);
    }
}
