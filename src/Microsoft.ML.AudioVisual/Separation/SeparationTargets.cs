namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The training targets of mix-and-separate, as the official Sound of Pixels code builds them: every magnitude
/// (mixture + offset, and each source) is warped to the log-frequency axis first, then the target of source n is
/// <c>mag_n &gt; 0.5 · mag_mix</c> (binary), <c>clamp(mag_n / mag_mix, 0, 5)</c> (ratio) or <c>mag_n² / Σ_k mag_k²</c> (Wiener, not official), and the loss weight is
/// <c>clamp(ln(1 + mag_mix), 1e-3, 10)</c> (or one weight plane per source, <see cref="SeparationLossWeight.PerSource"/>).
/// </summary>
public static class SeparationTargets
{
    /// <summary>Upper clamp of ratio targets (official 5).</summary>
    public const float MaxRatio = 5f;

    /// <summary>The magnitude <c>|STFT|</c> of a clip, <c>[LinearBins, Frames]</c>, with the front-end's centred reflect-padded STFT.</summary>
    public static float[] Magnitude(ReadOnlySpan<float> waveform, SeparationFrontEnd frontEnd)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        var options = frontEnd.StftOptions();
        float[] stft = Spectral.ShortTimeFourierTransform.Forward(waveform, options.FftSize, frontEnd.HopLength, window: options.Window, center: true, padMode: options.PadMode);
        var magnitude = new float[stft.Length / 2];
        for (int i = 0; i < magnitude.Length; i++)
        {
            float re = stft[2 * i], im = stft[(2 * i) + 1];
            magnitude[i] = (float)Math.Sqrt(((double)re * re) + ((double)im * im));
        }
        return magnitude;
    }

    /// <summary>
    /// Target masks (one per source, <c>[LogFrequencyBins, frames]</c>) and the loss weight, from the linear magnitudes of
    /// the sources and of the mixture. The weight is one plane for <see cref="SeparationLossWeight.Mixture"/> and one per
    /// source (source-major) for <see cref="SeparationLossWeight.PerSource"/>.
    /// </summary>
    /// <param name="sourceMagnitudes">Linear magnitudes <c>[LinearBins, frames]</c> of the (scaled) sources.</param>
    /// <param name="mixtureMagnitude">Linear magnitude of their sum.</param>
    /// <param name="frames">STFT frames.</param>
    /// <param name="frontEnd">Bins, warp and offset.</param>
    /// <param name="mask">Binary, ratio or Wiener targets.</param>
    /// <param name="lossWeight">The official mixture weight (default) or one plane per source.</param>
    /// <exception cref="ArgumentException">An array does not hold LinearBins x frames values.</exception>
    public static (float[][] Targets, float[] Weight) Compute(IReadOnlyList<float[]> sourceMagnitudes, ReadOnlySpan<float> mixtureMagnitude, int frames,
        SeparationFrontEnd frontEnd, SeparationMask mask, SeparationLossWeight lossWeight = SeparationLossWeight.Mixture)
    {
        ArgumentNullException.ThrowIfNull(sourceMagnitudes);
        ArgumentNullException.ThrowIfNull(frontEnd);
        var offsetMixture = new float[mixtureMagnitude.Length];
        for (int i = 0; i < offsetMixture.Length; i++) offsetMixture[i] = mixtureMagnitude[i] + frontEnd.MagnitudeOffset;
        float[] mixture = LogFrequencyMask.Warp(offsetMixture, frames, frontEnd);
        var sources = sourceMagnitudes.Select(m => LogFrequencyMask.Warp(m, frames, frontEnd)).ToArray();
        var weight = new float[lossWeight == SeparationLossWeight.PerSource ? sources.Length * mixture.Length : mixture.Length];
        if (lossWeight == SeparationLossWeight.Mixture) Weigh(mixture, 1f, weight);
        float[]? power = mask == SeparationMask.Wiener ? SourcePower(sources) : null;
        var targets = new float[sources.Length][];
        for (int n = 0; n < sources.Length; n++)
        {
            float[] source = sources[n];
            if (lossWeight == SeparationLossWeight.PerSource)
                Weigh(mixture, (float)Math.Max(source.Average(), SilentSourceMean), weight.AsSpan(n * mixture.Length, mixture.Length));
            var target = new float[source.Length];
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = mask switch
                {
                    SeparationMask.Binary => source[i] > 0.5f * mixture[i] ? 1f : 0f,
                    SeparationMask.Ratio => Math.Clamp(source[i] / mixture[i], 0f, MaxRatio),
                    // A bin where every source is silent says nothing about who owns it: an even share.
                    _ => power![i] > 0 ? source[i] * source[i] / power[i] : 1f / sources.Length,
                };
            }
            targets[n] = target;
        }
        return (targets, weight);
    }

    /// <summary>The sum of the sources' squared warped magnitudes, bin by bin.</summary>
    private static float[] SourcePower(float[][] sources)
    {
        var power = new float[sources[0].Length];
        foreach (var source in sources)
            for (int i = 0; i < power.Length; i++) power[i] += source[i] * source[i];
        return power;
    }

    /// <summary>A source whose mean warped magnitude is below this weighs as if it were this loud (the clamp at 10 bounds it anyway).</summary>
    private const double SilentSourceMean = 1e-6;

    private static void Weigh(float[] mixture, float scale, Span<float> weight)
    {
        for (int i = 0; i < mixture.Length; i++) weight[i] = Math.Clamp(MathF.Log(1f + (mixture[i] / scale)), 1e-3f, 10f);
    }
}
