namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// One separated example scored the way Sound of Pixels (Zhao et al., ECCV 2018) reports separation: the mean over
/// its sources of SDR, SIR and SAR, and the mean SDR of the unseparated mixture, whose difference is the NSDR.
/// </summary>
/// <param name="Sdr">Mean SDR of the estimates over the sources, in dB.</param>
/// <param name="Sir">Mean SIR of the estimates, in dB.</param>
/// <param name="Sar">Mean SAR of the estimates, in dB.</param>
/// <param name="MixtureSdr">Mean SDR when the mixture itself is the estimate of every source: the do-nothing baseline.</param>
/// <remarks>
/// <para>
/// Estimate <c>j</c> is scored against reference <c>j</c> (no permutation search): in Sound of Pixels the visual
/// query fixes which source an estimate is for.
/// </para>
/// <para>
/// Silent references: BSS_EVAL is undefined for a silent reference or estimate (<see cref="BssEval.EvaluateSources"/>
/// throws). Check <see cref="IsEvaluable"/> first and, when it is false, skip the example and count it, as Sound of
/// Pixels does (its threshold, <see cref="SilenceThreshold"/>, also skips near-silent ones); report the count beside
/// the means so that skipped examples are not hidden.
/// </para>
/// </remarks>
public sealed record SeparationScores(double Sdr, double Sir, double Sar, double MixtureSdr)
{
    /// <summary>Sound of Pixels' validity threshold on the sum of absolute sample values of every reference and estimate.</summary>
    public const double SilenceThreshold = 1e-5;

    /// <summary>Normalised SDR: the SDR gained over the mixture, <c>Sdr − MixtureSdr</c>.</summary>
    public double Nsdr => Sdr - MixtureSdr;

    /// <summary>
    /// True when every reference and every estimate has a sum of absolute values above <see cref="SilenceThreshold"/>:
    /// the examples Sound of Pixels evaluates. False ones are to be skipped and counted by the caller.
    /// </summary>
    public static bool IsEvaluable(IEnumerable<double[]> referenceSources, IEnumerable<double[]> estimatedSources)
    {
        ArgumentNullException.ThrowIfNull(referenceSources);
        ArgumentNullException.ThrowIfNull(estimatedSources);
        return referenceSources.Concat(estimatedSources).All(source => SumOfMagnitudes(source) > SilenceThreshold);
    }

    /// <summary>Scores the estimates of one example and the mixture baseline.</summary>
    /// <param name="referenceSources">The true sources, <c>[source][sample]</c>.</param>
    /// <param name="estimatedSources">Estimate <c>j</c> of reference <c>j</c>, of the same length.</param>
    /// <param name="mixture">The mixture the estimates were separated from, of the same length.</param>
    /// <exception cref="ArgumentException">As <see cref="BssEval.EvaluateSources"/> (including silent sources), or the mixture's length differs.</exception>
    public static SeparationScores Compute(double[][] referenceSources, double[][] estimatedSources, double[] mixture)
    {
        ArgumentNullException.ThrowIfNull(referenceSources);
        ArgumentNullException.ThrowIfNull(mixture);
        if (referenceSources.Length == 0) throw new ArgumentException("There are no reference sources.", nameof(referenceSources));
        if (referenceSources[0] is { } first && mixture.Length != first.Length)
            throw new ArgumentException($"The mixture has {mixture.Length} samples but the sources have {first.Length}.", nameof(mixture));

        // One factorisation of the references' Gram matrix serves both, and the mixture is projected once.
        double[][] mixtureForEverySource = [.. Enumerable.Repeat(mixture, referenceSources.Length)];
        var results = BssEval.EvaluateSourcesInOrder(referenceSources, estimatedSources, mixtureForEverySource);
        BssEvalResult separated = results[0], baseline = results[1];
        return new SeparationScores(separated.Sdr.Average(), separated.Sir.Average(), separated.Sar.Average(), baseline.Sdr.Average());
    }

    private static double SumOfMagnitudes(double[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        double sum = 0;
        foreach (double value in source) sum += Math.Abs(value);
        return sum;
    }
}
