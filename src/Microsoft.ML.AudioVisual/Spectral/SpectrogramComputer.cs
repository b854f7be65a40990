using System.Buffers;

namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Computes spectrograms for one <see cref="SpectrogramOptions"/>: STFT, magnitude or power, linear / mel /
/// log-frequency axis, optional log compression. Pure C#, no native dependencies.
/// </summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe: the constructor plans everything once (window, FFT twiddles, sparse mel
/// filters, warp weights) and <see cref="Compute(ReadOnlySpan{float}, Span{float})"/> only rents scratch buffers.
/// </para>
/// <para>
/// Parity: STFT values are bit-identical to PyTorch's float32 <c>torch.stft</c> (same window values and FFT
/// operation order, see <see cref="ShortTimeFourierTransform"/>); filter banks and logs are computed in double.
/// Outputs match torchaudio's <c>MelSpectrogram</c>, <c>Spectrogram</c> and <c>AmplitudeToDB</c> to a few 1e-6 of
/// the spectrogram maximum (under 1e-3 dB), and linear STFT spectrograms exactly.
/// </para>
/// </remarks>
public sealed class SpectrogramComputer
{
    private const int FrameBlock = 16;

    private readonly SpectrogramOptions _options;
    private readonly StftPlan _stft;
    private readonly SparseFilterBank? _mel;
    private readonly LogFrequencyWarp.Plan? _warp;

    /// <summary>Validates and copies <paramref name="options"/>, then plans the computation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="SpectrogramOptions.Validate"/>).</exception>
    public SpectrogramComputer(SpectrogramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        SpectrogramOptions o = _options;
        _stft = new StftPlan(o.FftSize, o.ResolvedHopLength, o.ResolvedWindowLength, o.Window, o.Center, o.PadMode);
        switch (o.Scale)
        {
            case FrequencyScale.Linear:
                FrequencyBins = _stft.Bins;
                break;
            case FrequencyScale.Mel:
                _mel = new SparseFilterBank(MelFilterBank.Create(o.SampleRate, o.FftSize, o.MelBins, o.MinFrequency, o.MaxFrequency, o.MelScale, o.MelNormalization));
                FrequencyBins = o.MelBins;
                break;
            default:
                _warp = new LogFrequencyWarp.Plan(_stft.Bins, o.LogFrequencyBins);
                FrequencyBins = o.LogFrequencyBins;
                break;
        }
    }

    /// <summary>A copy of the options in use.</summary>
    public SpectrogramOptions Options => _options.Clone();

    /// <summary>Rows of the output: n_fft/2 + 1 (linear), n_mels (mel) or <see cref="SpectrogramOptions.LogFrequencyBins"/>.</summary>
    public int FrequencyBins { get; }

    /// <summary>
    /// Columns (frames) of the output for a waveform of <paramref name="sampleCount"/> samples:
    /// <c>1 + (len + 2·(n_fft/2) - n_fft) / hop</c> when centred (<c>1 + len/hop</c> for even n_fft),
    /// <c>1 + (len - n_fft) / hop</c> otherwise (integer division, torch.stft's formula).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The input is too short: not longer than n_fft/2 with reflect padding, or shorter than n_fft without centring.</exception>
    public int FrameCount(int sampleCount) => _stft.FrameCount(sampleCount);

    /// <summary>Computes the spectrogram of <paramref name="waveform"/> as a row-major <c>[FrequencyBins, FrameCount]</c> array.</summary>
    /// <exception cref="ArgumentException">The waveform is empty or too short (see <see cref="FrameCount"/>).</exception>
    public float[] Compute(ReadOnlySpan<float> waveform)
    {
        var result = new float[FrequencyBins * FrameCount(waveform.Length)];
        Compute(waveform, result);
        return result;
    }

    /// <summary>
    /// Computes the spectrogram into <paramref name="destination"/> (row-major <c>[FrequencyBins, FrameCount]</c>);
    /// allocates nothing but pooled scratch.
    /// </summary>
    /// <exception cref="ArgumentException">The waveform is too short, or <paramref name="destination"/> is not FrequencyBins × FrameCount long.</exception>
    public void Compute(ReadOnlySpan<float> waveform, Span<float> destination)
    {
        int frames = FrameCount(waveform.Length);
        long expected = (long)FrequencyBins * frames;
        if (destination.Length != expected)
        {
            throw new ArgumentException($"The destination must hold FrequencyBins x FrameCount = {FrequencyBins} x {frames} = {expected} floats, but has {destination.Length}.", nameof(destination));
        }

        int n = _stft.FftSize, bins = _stft.Bins, rows = FrequencyBins;
        bool power = _options.Spectrum == SpectrumKind.Power;

        // Frames are computed into a small frame-major block and then written to the row-major destination
        // a cache line at a time; writing each frame's column directly strides through the whole output.
        int block = Math.Min(FrameBlock, frames);
        float[] buffer = ArrayPool<float>.Shared.Rent((2 * n) + bins + (block * rows));
        try
        {
            Span<float> frame = buffer.AsSpan(0, n), scratch = buffer.AsSpan(n, n), spectrum = buffer.AsSpan(2 * n, bins);
            Span<float> columns = buffer.AsSpan((2 * n) + bins, block * rows);
            for (int t0 = 0; t0 < frames; t0 += block)
            {
                int count = Math.Min(block, frames - t0);
                for (int j = 0; j < count; j++)
                {
                    _stft.LoadFrame(waveform, t0 + j, frame);
                    _stft.Transform(frame, scratch);
                    Span<float> column = columns.Slice(j * rows, rows);
                    Span<float> target = _mel is null && _warp is null ? column : spectrum;
                    for (int k = 0; k < bins; k++)
                    {
                        (float re, float im) = StftPlan.Bin(frame, k, n);
                        double squared = ((double)re * re) + ((double)im * im);
                        target[k] = power ? (float)squared : (float)Math.Sqrt(squared);
                    }

                    _mel?.Apply(spectrum, column, 1);
                    _warp?.ApplyFrame(spectrum, 1, column, 1);
                }

                for (int r = 0; r < rows; r++)
                {
                    Span<float> row = destination.Slice((r * frames) + t0, count);
                    for (int j = 0; j < row.Length; j++)
                    {
                        row[j] = columns[(j * rows) + r];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        ApplyLog(destination, power);
    }

    private static void SubtractMaximum(Span<float> values)
    {
        if (values.IsEmpty) return;
        float max = float.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        for (int i = 0; i < values.Length; i++) values[i] -= max;
    }

    private void ApplyLog(Span<float> values, bool power)
    {
        SpectrogramOptions o = _options;
        switch (o.Log)
        {
            case LogCompression.Decibels when power:
                Decibels.FromPower(values, o.DecibelAmplitudeMin, o.DecibelReference, o.DecibelTopDb);
                if (o.DecibelRelativeToMaximum) SubtractMaximum(values);
                break;
            case LogCompression.Decibels:
                Decibels.FromAmplitude(values, o.DecibelAmplitudeMin, o.DecibelReference, o.DecibelTopDb);
                if (o.DecibelRelativeToMaximum) SubtractMaximum(values);
                break;
            case LogCompression.NaturalLog:
                // Offset added in float first, like torch.log(x + eps) on a float tensor.
                float eps = (float)o.NaturalLogOffset;
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)Math.Log(values[i] + eps);
                }

                break;
        }
    }
}
