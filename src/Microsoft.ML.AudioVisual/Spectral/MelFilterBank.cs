namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>Triangular mel filter banks, as <c>torchaudio.functional.melscale_fbanks</c> builds them.</summary>
/// <remarks>
/// <para>
/// The construction follows torchaudio (computed here in double, stored as float):
/// <c>all_freqs = linspace(0, sampleRate / 2, n_fft/2 + 1)</c> with integer division (torchaudio's
/// <c>sample_rate // 2</c>, which matters for odd rates such as 11025);
/// <c>m_pts = linspace(mel(fMin), mel(fMax), melBins + 2)</c>; <c>f_pts = hz(m_pts)</c>; filter i rises
/// linearly from <c>f_pts[i]</c> to 1 at <c>f_pts[i+1]</c> and falls back to 0 at <c>f_pts[i+2]</c>.
/// With <see cref="MelNormalization.Slaney"/> filter i is multiplied by <c>2 / (f_pts[i+2] - f_pts[i])</c>.
/// </para>
/// <para>
/// <see cref="MelScale.Htk"/>: <c>mel = 2595 log10(1 + f/700)</c>. <see cref="MelScale.Slaney"/>:
/// <c>mel = f / (200/3)</c> below 1000 Hz and <c>15 + ln(f/1000) / (ln(6.4)/27)</c> above (librosa's default).
/// </para>
/// </remarks>
public static class MelFilterBank
{
    private const double SlaneyHzPerMel = 200.0 / 3.0;
    private const double SlaneyMinLogHz = 1000.0;
    private const double SlaneyMinLogMel = SlaneyMinLogHz / SlaneyHzPerMel;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>
    /// Creates the filter bank as a dense <c>[fftSize/2 + 1, melBins]</c> matrix (frequency bins by mel bands),
    /// the layout of <c>torchaudio.functional.melscale_fbanks</c>: a mel spectrogram is <c>fbᵀ · spectrum</c>.
    /// </summary>
    /// <param name="sampleRate">Sample rate in Hz (&gt; 0).</param>
    /// <param name="fftSize">FFT size n_fft (&gt;= 1); the bank has <c>fftSize/2 + 1</c> rows.</param>
    /// <param name="melBins">Number of mel bands (&gt;= 1).</param>
    /// <param name="fMin">Lowest band edge in Hz (&gt;= 0).</param>
    /// <param name="fMax">Highest band edge in Hz; null means <c>sampleRate / 2</c> (integer division, as torchaudio).</param>
    /// <param name="scale">Hz-to-mel formula.</param>
    /// <param name="norm">Filter normalisation.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or frequency is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="fMin"/> is not below the maximum frequency.</exception>
    public static float[,] Create(int sampleRate, int fftSize, int melBins, double fMin, double? fMax, MelScale scale, MelNormalization norm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(melBins, 1);
        if (!double.IsFinite(fMin) || fMin < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fMin), fMin, "The minimum frequency must be finite and >= 0.");
        }

        double maxFrequency = fMax ?? (sampleRate / 2);
        if (!double.IsFinite(maxFrequency) || maxFrequency <= fMin)
        {
            throw new ArgumentException($"The maximum frequency ({maxFrequency} Hz) must be finite and greater than the minimum frequency ({fMin} Hz).", nameof(fMax));
        }

        if (!Enum.IsDefined(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown mel scale.");
        }

        if (!Enum.IsDefined(norm))
        {
            throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown mel normalisation.");
        }

        int freqBins = (fftSize / 2) + 1;
        double nyquist = sampleRate / 2; // integer division on purpose (torchaudio: sample_rate // 2)
        double melMin = HzToMel(fMin, scale), melMax = HzToMel(maxFrequency, scale);
        var edges = new double[melBins + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(Linspace(melMin, melMax, edges.Length, i), scale);
        }

        var bank = new float[freqBins, melBins];
        for (int k = 0; k < freqBins; k++)
        {
            double f = Linspace(0, nyquist, freqBins, k);
            for (int m = 0; m < melBins; m++)
            {
                double down = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                double w = Math.Max(0, Math.Min(down, up));
                if (norm == MelNormalization.Slaney)
                {
                    w *= 2.0 / (edges[m + 2] - edges[m]);
                }

                bank[k, m] = (float)w;
            }
        }

        return bank;
    }

    /// <summary>Converts a frequency in Hz to mels.</summary>
    public static double HzToMel(double frequency, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 2595.0 * Math.Log10(1.0 + (frequency / 700.0));
        }

        return frequency >= SlaneyMinLogHz
            ? SlaneyMinLogMel + (Math.Log(frequency / SlaneyMinLogHz) / SlaneyLogStep)
            : frequency / SlaneyHzPerMel;
    }

    /// <summary>Converts mels to a frequency in Hz.</summary>
    public static double MelToHz(double mel, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        }

        return mel >= SlaneyMinLogMel
            ? SlaneyMinLogHz * Math.Exp(SlaneyLogStep * (mel - SlaneyMinLogMel))
            : SlaneyHzPerMel * mel;
    }

    // torch.linspace: one point gives start; the upper half is computed from the end for symmetry.
    private static double Linspace(double start, double end, int count, int index)
    {
        if (count == 1)
        {
            return start;
        }

        double step = (end - start) / (count - 1);
        return index < count / 2 ? start + (step * index) : end - (step * (count - index - 1));
    }
}
