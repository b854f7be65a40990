namespace Microsoft.ML.AudioVisual.Media;

/// <summary>
/// Band-limited resampling with the same kernel as <c>torchaudio.functional.resample</c>
/// (sinc interpolation with a Hann window, <c>lowpass_filter_width = 6</c>, <c>rolloff = 0.99</c>):
/// the output has <c>ceil(length * to / from)</c> samples.
/// </summary>
public sealed class AudioResampler
{
    private const int LowpassFilterWidth = 6;
    private const double Rolloff = 0.99;

    private readonly int _from;
    private readonly int _to;
    private readonly int _width;
    private readonly float[][] _kernels; // one per output phase, length 2 * width + from

    /// <summary>Plans a resampler between two rates (in Hz).</summary>
    public AudioResampler(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        FromRate = fromRate;
        ToRate = toRate;
        int gcd = Gcd(fromRate, toRate);
        _from = fromRate / gcd;
        _to = toRate / gcd;
        double baseFrequency = Math.Min(_from, _to) * Rolloff;
        _width = (int)Math.Ceiling(LowpassFilterWidth * _from / baseFrequency);
        int taps = 2 * _width + _from;
        _kernels = new float[_to][];
        double scale = baseFrequency / _from;
        for (int phase = 0; phase < _to; phase++)
        {
            var kernel = new float[taps];
            for (int m = 0; m < taps; m++)
            {
                double t = (-(double)phase / _to + (double)(m - _width) / _from) * baseFrequency;
                t = Math.Clamp(t, -LowpassFilterWidth, LowpassFilterWidth);
                double window = Math.Cos(t * Math.PI / LowpassFilterWidth / 2);
                window *= window;
                t *= Math.PI;
                double sinc = t == 0 ? 1.0 : Math.Sin(t) / t;
                kernel[m] = (float)(sinc * window * scale);
            }
            _kernels[phase] = kernel;
        }
    }

    /// <summary>The input rate in Hz.</summary>
    public int FromRate { get; }

    /// <summary>The output rate in Hz.</summary>
    public int ToRate { get; }

    /// <summary>The number of output samples for an input of <paramref name="inputLength"/> samples.</summary>
    public int OutputLength(int inputLength) => (int)Math.Ceiling((double)inputLength * _to / _from);

    /// <summary>Resamples a whole signal (zero outside it, as torchaudio pads).</summary>
    public float[] Resample(ReadOnlySpan<float> input)
    {
        if (_from == _to) return input.ToArray();
        int outLength = OutputLength(input.Length);
        var output = new float[outLength];
        int taps = _kernels[0].Length;
        for (int j = 0; j < outLength; j++)
        {
            int frame = j / _to;
            var kernel = _kernels[j % _to];
            int start = frame * _from - _width; // index of kernel tap 0 in the unpadded input
            int mFrom = Math.Max(0, -start);
            int mTo = Math.Min(taps, input.Length - start);
            double sum = 0;
            for (int m = mFrom; m < mTo; m++) sum += kernel[m] * input[start + m];
            output[j] = (float)sum;
        }
        return output;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
