using System.Buffers;

namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Complex short-time Fourier transform and its inverse, with <c>torch.stft</c>/<c>torch.istft</c> semantics.</summary>
/// <remarks>
/// <para>
/// Framing: with <c>center</c> the waveform is padded by <c>fftSize/2</c> on both sides (reflect: numpy
/// <c>'reflect'</c>, no edge repeat; constant: zeros) and there are
/// <c>1 + (length + 2·(fftSize/2) - fftSize) / hopLength</c> frames (integer division; <c>1 + length/hop</c>
/// for even FFT sizes); without it, <c>1 + (length - fftSize) / hopLength</c>. A window shorter than the FFT
/// is zero-padded centrally (left padding <c>(fftSize - windowLength)/2</c>).
/// </para>
/// <para>
/// Values are computed in float32 with PyTorch's window values and FFT operation order, so the forward
/// output is bit-identical to <c>torch.stft(..., return_complex=True)</c> on PyTorch's pocketfft CPU build.
/// </para>
/// </remarks>
public static class ShortTimeFourierTransform
{
    /// <summary>
    /// Forward STFT. Returns a row-major <c>[fftSize/2 + 1, frames, 2]</c> array of (real, imaginary) pairs,
    /// the layout of <c>torch.view_as_real(torch.stft(..., return_complex=True))</c>.
    /// </summary>
    /// <param name="waveform">Mono samples.</param>
    /// <param name="fftSize">FFT size n_fft (&gt;= 1, any length; products of 2, 3, 5 are fastest).</param>
    /// <param name="hopLength">Samples between frame starts (&gt;= 1).</param>
    /// <param name="windowLength">Window length (1..fftSize); null means <paramref name="fftSize"/>.</param>
    /// <param name="window">Analysis window.</param>
    /// <param name="center">Pad by fftSize/2 on both sides so that frame t is centred on sample t·hop.</param>
    /// <param name="padMode">Padding used when <paramref name="center"/> is true.</param>
    /// <exception cref="ArgumentException">The waveform is too short (see the remarks), e.g. not longer than fftSize/2 with reflect padding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public static float[] Forward(ReadOnlySpan<float> waveform, int fftSize, int hopLength, int? windowLength = null, WindowFunction window = WindowFunction.HannPeriodic, bool center = true, PaddingMode padMode = PaddingMode.Reflect)
    {
        var plan = new StftPlan(fftSize, hopLength, windowLength ?? fftSize, window, center, padMode);
        int frames = plan.FrameCount(waveform.Length);
        int bins = plan.Bins;
        var result = new float[bins * frames * 2];
        float[] buffer = ArrayPool<float>.Shared.Rent(2 * fftSize);
        try
        {
            Span<float> frame = buffer.AsSpan(0, fftSize), scratch = buffer.AsSpan(fftSize, fftSize);
            for (int t = 0; t < frames; t++)
            {
                plan.LoadFrame(waveform, t, frame);
                plan.Transform(frame, scratch);
                for (int k = 0; k < bins; k++)
                {
                    (float re, float im) = StftPlan.Bin(frame, k, fftSize);
                    int o = ((k * frames) + t) * 2;
                    result[o] = re;
                    result[o + 1] = im;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return result;
    }

    /// <summary>
    /// Inverse STFT like <c>torch.istft</c>: each frame is inverse-transformed (1/n normalised), multiplied by the
    /// window and overlap-added; the sum is divided by the overlap-added squared window. With
    /// <paramref name="center"/> the first and last fftSize/2 samples are trimmed.
    /// </summary>
    /// <param name="stft">Row-major <c>[fftSize/2 + 1, frames, 2]</c> (real, imaginary) pairs, as returned by <see cref="Forward"/>.
    /// The imaginary parts of the DC bin (and of the Nyquist bin for even sizes) are ignored.</param>
    /// <param name="frames">Number of frames in <paramref name="stft"/>.</param>
    /// <param name="fftSize">FFT size n_fft.</param>
    /// <param name="hopLength">Samples between frame starts.</param>
    /// <param name="windowLength">Window length (1..fftSize); null means <paramref name="fftSize"/>.</param>
    /// <param name="window">Synthesis window (the analysis window of the forward transform).</param>
    /// <param name="center">Whether the forward transform padded by fftSize/2 on both sides.</param>
    /// <param name="length">Output length; null means <c>fftSize + hop·(frames-1)</c>, minus 2·(fftSize/2) when centred.
    /// A length beyond the available signal is zero-padded at the end (torch does the same).</param>
    /// <exception cref="ArgumentException">The array length does not match the shape, or the summed squared window is (near) zero
    /// somewhere in the output (the window/hop pair violates the NOLA condition), as torch.istft reports.</exception>
    public static float[] Inverse(ReadOnlySpan<float> stft, int frames, int fftSize, int hopLength, int? windowLength = null, WindowFunction window = WindowFunction.HannPeriodic, bool center = true, int? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var plan = new StftPlan(fftSize, hopLength, windowLength ?? fftSize, window, center, PaddingMode.Constant);
        int bins = plan.Bins;
        if (stft.Length != (long)bins * frames * 2)
        {
            throw new ArgumentException($"The STFT must hold [{bins}, {frames}, 2] = {(long)bins * frames * 2} floats, but has {stft.Length}.", nameof(stft));
        }

        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The output length must be >= 0.");
        }

        long expected = fftSize + ((long)hopLength * (frames - 1));
        int start = plan.Padding;
        long end = length.HasValue ? start + (long)length.Value : expected - plan.Padding;
        long available = Math.Min(end, expected);
        var signal = new double[expected];
        var envelope = new double[expected];
        ReadOnlySpan<float> w = plan.Window;
        float[] buffer = ArrayPool<float>.Shared.Rent(2 * fftSize);
        try
        {
            Span<float> frame = buffer.AsSpan(0, fftSize), scratch = buffer.AsSpan(fftSize, fftSize);
            for (int t = 0; t < frames; t++)
            {
                frame[0] = stft[t * 2];
                for (int k = 1; 2 * k < fftSize; k++)
                {
                    int o = ((k * frames) + t) * 2;
                    frame[(2 * k) - 1] = stft[o];
                    frame[2 * k] = stft[o + 1];
                }

                if (fftSize % 2 == 0 && fftSize > 1)
                {
                    frame[fftSize - 1] = stft[((fftSize / 2 * frames) + t) * 2];
                }

                plan.InverseTransform(frame, scratch);
                long offset = (long)t * hopLength;
                for (int i = 0; i < fftSize; i++)
                {
                    signal[offset + i] += (double)frame[i] / fftSize * w[i];
                    envelope[offset + i] += (double)w[i] * w[i];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        for (long i = start; i < available; i++)
        {
            if (Math.Abs(envelope[i]) < 1e-11)
            {
                throw new ArgumentException(
                    $"The overlap-added squared window is {envelope[i]:g3} at output sample {i - start}: window and hop length {hopLength} violate the NOLA condition, so the STFT cannot be inverted there.",
                    nameof(hopLength));
            }
        }

        var result = new float[end - start];
        for (long i = start; i < available; i++)
        {
            result[i - start] = (float)(signal[i] / envelope[i]);
        }

        return result;
    }
}
