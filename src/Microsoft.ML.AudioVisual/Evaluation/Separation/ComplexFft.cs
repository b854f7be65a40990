using System.Numerics;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Planned radix-2 complex FFT of one power-of-two length, in double precision, for the correlations and
/// convolutions of <see cref="BssEval"/>.
/// </summary>
/// <remarks>
/// The float32 <see cref="RealFft"/> follows pocketfft's operation order for bit parity with PyTorch; here the
/// peer (SciPy) is matched to tolerance, not bit for bit, so a plain iterative Cooley–Tukey transform with an
/// exact twiddle table (O(ε·log n) error) is enough. Immutable after construction and safe to share between threads.
/// </remarks>
internal sealed class ComplexFft
{
    private readonly Complex[] _twiddles; // e^{-2πik/n}, k < n/2
    private readonly int[] _bitReversed;

    /// <summary>Plans a transform of <paramref name="length"/> points, a power of two.</summary>
    public ComplexFft(int length)
    {
        if (length < 1 || !BitOperations.IsPow2(length))
            throw new ArgumentOutOfRangeException(nameof(length), $"The FFT length must be a power of two, got {length}.");
        Length = length;
        _twiddles = new Complex[length / 2];
        for (int k = 0; k < _twiddles.Length; k++)
        {
            (double cos, double sin) = RealFft.SinCos2PiOver(k, length);
            _twiddles[k] = new Complex(cos, -sin);
        }

        int bits = BitOperations.Log2((uint)length);
        _bitReversed = new int[length];
        for (int i = 0; i < length; i++)
            _bitReversed[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
    }

    /// <summary>Number of points.</summary>
    public int Length { get; }

    /// <summary>The forward DFT of real samples, zero-padded to <see cref="Length"/> points.</summary>
    public Complex[] ForwardReal(ReadOnlySpan<double> samples)
    {
        if (samples.Length > Length)
            throw new ArgumentException($"{samples.Length} samples do not fit an FFT of {Length} points.", nameof(samples));
        var data = new Complex[Length];
        for (int i = 0; i < samples.Length; i++) data[i] = samples[i];
        Transform(data, inverse: false);
        return data;
    }

    /// <summary>The real part of the inverse DFT (normalised by 1/n) of <paramref name="spectrum"/>, which is overwritten.</summary>
    public double[] InverseReal(Complex[] spectrum)
    {
        Transform(spectrum, inverse: true);
        var result = new double[Length];
        double scale = 1.0 / Length;
        for (int i = 0; i < Length; i++) result[i] = spectrum[i].Real * scale;
        return result;
    }

    /// <summary>In-place unnormalised DFT (sign −1) or inverse DFT (sign +1).</summary>
    private void Transform(Complex[] data, bool inverse)
    {
        if (data.Length != Length) throw new ArgumentException($"Expected {Length} points, got {data.Length}.", nameof(data));
        for (int i = 0; i < Length; i++)
        {
            int j = _bitReversed[i];
            if (j > i) (data[i], data[j]) = (data[j], data[i]);
        }

        for (int size = 2; size <= Length; size <<= 1)
        {
            int half = size >> 1, stride = Length / size;
            for (int start = 0; start < Length; start += size)
            {
                for (int k = 0; k < half; k++)
                {
                    Complex w = _twiddles[k * stride];
                    if (inverse) w = Complex.Conjugate(w);
                    Complex odd = w * data[start + k + half];
                    Complex even = data[start + k];
                    data[start + k] = even + odd;
                    data[start + k + half] = even - odd;
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
