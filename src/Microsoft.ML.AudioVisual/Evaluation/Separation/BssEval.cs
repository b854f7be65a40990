namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Blind source separation metrics (SDR, SIR, SAR) of BSS_EVAL v3, computed as
/// <c>mir_eval.separation.bss_eval_sources</c> (mir_eval 0.7) does.
/// </summary>
/// <remarks>
/// <para>
/// Each estimate is decomposed as <c>s_target + e_interf + e_artif</c>: <c>s_target</c> is its least-squares
/// projection onto delayed copies (0 to <see cref="FilterLength"/> − 1 samples) of its reference, i.e. the reference
/// through the best 512-tap time-invariant filter; <c>s_target + e_interf</c> is the projection onto delayed copies
/// of all references; <c>e_artif</c> is the rest. Then SDR = 10·log10(|s_target|² / |e_interf + e_artif|²),
/// SIR = 10·log10(|s_target|² / |e_interf|²) and SAR = 10·log10(|s_target + e_interf|² / |e_artif|²); a zero
/// denominator gives +∞ (Vincent, Gribonval and Févotte, "Performance measurement in blind audio source
/// separation", IEEE TASLP 14(4), 2006).
/// </para>
/// <para>
/// Values above about 100 dB mean a numerically perfect decomposition; their exact size is rounding noise and
/// differs between implementations.
/// </para>
/// </remarks>
public static class BssEval
{
    /// <summary>Taps of the allowed distortion filter, as in mir_eval and the BSS_EVAL toolbox.</summary>
    public const int FilterLength = 512;

    /// <summary>The most sources accepted, as mir_eval's <c>MAX_SOURCES</c>.</summary>
    public const int MaxSources = 100;

    /// <summary>The most sources for which the permutation search (over n! orderings) is attempted.</summary>
    public const int MaxPermutationSources = 10;

    /// <summary>
    /// Scores estimated sources against reference sources, as
    /// <c>mir_eval.separation.bss_eval_sources(reference, estimated, compute_permutation)</c>.
    /// </summary>
    /// <param name="referenceSources">The true sources, <c>[source][sample]</c>.</param>
    /// <param name="estimatedSources">The estimates, as many as the references and of the same length.</param>
    /// <param name="computePermutation">
    /// When true, every estimate is scored against every reference and the ordering with the highest mean SIR is
    /// returned (ties to the first in lexicographic order, as mir_eval). When false, estimate <c>j</c> is scored
    /// against reference <c>j</c>.
    /// </param>
    /// <returns>Scores per reference source, in reference order. Empty when there are no sources or no samples (as mir_eval).</returns>
    /// <exception cref="ArgumentException">
    /// The source counts or lengths differ, a sample is NaN or infinite, a reference or an estimate is silent
    /// (all zeros: mir_eval rejects those too, since the decomposition is then ambiguous or undetermined), there are
    /// more than <see cref="MaxSources"/> sources, or more than <see cref="MaxPermutationSources"/> with the
    /// permutation search. The message names the source.
    /// </exception>
    public static BssEvalResult EvaluateSources(double[][] referenceSources, double[][] estimatedSources, bool computePermutation = true)
    {
        Validate(referenceSources, estimatedSources, computePermutation);
        int sources = referenceSources.Length;
        if (sources == 0 || referenceSources[0].Length == 0)
            return new BssEvalResult([], [], [], []);

        var projector = new DelayedSourceProjector(referenceSources, FilterLength);
        if (!computePermutation)
            return InOrder(projector, referenceSources, estimatedSources, new(ReferenceEqualityComparer.Instance));

        // Criteria of every (estimate, reference) pair, then the ordering with the best mean SIR.
        var pairs = new (double Sdr, double Sir, double Sar)[sources, sources];
        for (int estimate = 0; estimate < sources; estimate++)
        {
            var decomposition = new EstimateProjections(projector, estimatedSources[estimate]);
            for (int reference = 0; reference < sources; reference++)
                pairs[estimate, reference] = decomposition.Criteria(referenceSources[reference], reference);
        }

        int[] best = BestPermutation(pairs);
        return new BssEvalResult(
            [.. Enumerable.Range(0, sources).Select(j => pairs[best[j], j].Sdr)],
            [.. Enumerable.Range(0, sources).Select(j => pairs[best[j], j].Sir)],
            [.. Enumerable.Range(0, sources).Select(j => pairs[best[j], j].Sar)],
            best);
    }

    /// <summary>
    /// <see cref="EvaluateSources"/> without the permutation search, for several sets of estimates of the same references
    /// (a separation and its mixture baseline): the references' Gram matrix, the costly part, is built and factored once,
    /// and an estimate array that occurs more than once is projected once. Results equal separate calls exactly.
    /// </summary>
    internal static BssEvalResult[] EvaluateSourcesInOrder(double[][] referenceSources, params double[][][] estimateSets)
    {
        foreach (var estimatedSources in estimateSets) Validate(referenceSources, estimatedSources, computePermutation: false);
        if (referenceSources.Length == 0 || referenceSources[0].Length == 0)
            return [.. estimateSets.Select(_ => new BssEvalResult([], [], [], []))];
        var projector = new DelayedSourceProjector(referenceSources, FilterLength);
        var projections = new Dictionary<double[], EstimateProjections>(ReferenceEqualityComparer.Instance);
        return [.. estimateSets.Select(estimatedSources => InOrder(projector, referenceSources, estimatedSources, projections))];
    }

    private static BssEvalResult InOrder(DelayedSourceProjector projector, double[][] referenceSources, double[][] estimatedSources,
        Dictionary<double[], EstimateProjections> projections)
    {
        int sources = referenceSources.Length;
        var sdr = new double[sources];
        var sir = new double[sources];
        var sar = new double[sources];
        for (int j = 0; j < sources; j++)
        {
            if (!projections.TryGetValue(estimatedSources[j], out var decomposition))
                projections[estimatedSources[j]] = decomposition = new EstimateProjections(projector, estimatedSources[j]);
            (sdr[j], sir[j], sar[j]) = decomposition.Criteria(referenceSources[j], j);
        }

        return new BssEvalResult(sdr, sir, sar, [.. Enumerable.Range(0, sources)]);
    }

    /// <summary>True when every sample of <paramref name="source"/> is zero: mir_eval's test for a silent source.</summary>
    public static bool IsSilent(ReadOnlySpan<double> source)
    {
        foreach (double value in source)
        {
            if (value != 0) return false; // NaN counts as sound here; finiteness is checked separately
        }

        return true;
    }

    /// <summary>The projections of one estimate, shared by its criteria against each reference.</summary>
    private sealed class EstimateProjections(DelayedSourceProjector projector, double[] estimate)
    {
        private readonly double[] _correlations = projector.Correlate(estimate);
        private double[]? _ontoAll;

        /// <summary>(SDR, SIR, SAR) of the estimate against reference <paramref name="index"/>, with mir_eval's operation order.</summary>
        public (double Sdr, double Sir, double Sar) Criteria(double[] reference, int index)
        {
            double[] ontoTarget = projector.ProjectOntoSource(_correlations, index);
            double[] ontoAll = _ontoAll ??= projector.ProjectOntoAllSources(_correlations);
            double target = 0, distortion = 0, interference = 0, explained = 0, artifacts = 0;
            for (int t = 0; t < ontoAll.Length; t++)
            {
                double sTrue = t < reference.Length ? reference[t] : 0;
                double eSpat = ontoTarget[t] - sTrue;
                double eInterf = ontoAll[t] - sTrue - eSpat;
                double eArtif = -sTrue - eSpat - eInterf;
                if (t < estimate.Length) eArtif += estimate[t];
                double sFilt = sTrue + eSpat;
                target += sFilt * sFilt;
                distortion += (eInterf + eArtif) * (eInterf + eArtif);
                interference += eInterf * eInterf;
                explained += (sFilt + eInterf) * (sFilt + eInterf);
                artifacts += eArtif * eArtif;
            }

            return (Decibels(target, distortion), Decibels(target, interference), Decibels(explained, artifacts));
        }

        private static double Decibels(double signal, double noise) =>
            noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
    }

    /// <summary>
    /// The ordering (estimate per reference) with the highest mean SIR, searched in lexicographic order like
    /// <c>itertools.permutations</c>; the first maximum wins, and a NaN mean wins as in <c>np.argmax</c>.
    /// </summary>
    private static int[] BestPermutation((double Sdr, double Sir, double Sar)[,] pairs)
    {
        int n = pairs.GetLength(0);
        int[] permutation = [.. Enumerable.Range(0, n)];
        int[] best = (int[])permutation.Clone();
        double bestMean = double.NegativeInfinity;
        bool first = true;
        do
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += pairs[permutation[j], j].Sir;
            double mean = sum / n;
            if (first || (!double.IsNaN(bestMean) && (mean > bestMean || double.IsNaN(mean))))
            {
                bestMean = mean;
                permutation.CopyTo(best, 0);
                first = false;
            }
        }
        while (NextPermutation(permutation));
        return best;
    }

    /// <summary>Advances to the next permutation in lexicographic order; false after the last.</summary>
    private static bool NextPermutation(int[] p)
    {
        int i = p.Length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) i--;
        if (i < 0) return false;
        int j = p.Length - 1;
        while (p[j] <= p[i]) j--;
        (p[i], p[j]) = (p[j], p[i]);
        Array.Reverse(p, i + 1, p.Length - i - 1);
        return true;
    }

    private static void Validate(double[][] referenceSources, double[][] estimatedSources, bool computePermutation)
    {
        ArgumentNullException.ThrowIfNull(referenceSources);
        ArgumentNullException.ThrowIfNull(estimatedSources);
        if (referenceSources.Length != estimatedSources.Length)
            throw new ArgumentException($"There are {referenceSources.Length} reference sources but {estimatedSources.Length} estimated sources; bss_eval needs one estimate per reference.", nameof(estimatedSources));
        if (referenceSources.Length > MaxSources)
            throw new ArgumentException($"There are {referenceSources.Length} sources; at most {MaxSources} are supported (as mir_eval's MAX_SOURCES).", nameof(referenceSources));
        if (computePermutation && referenceSources.Length > MaxPermutationSources)
            throw new ArgumentException($"Searching the {referenceSources.Length}! orderings of {referenceSources.Length} sources is impractical (at most {MaxPermutationSources} sources); evaluate without the permutation search.", nameof(computePermutation));
        if (referenceSources.Length == 0) return;

        int length = (referenceSources[0] ?? throw new ArgumentException("Reference source 0 is null.", nameof(referenceSources))).Length;
        CheckSources(referenceSources, "Reference", length, nameof(referenceSources));
        CheckSources(estimatedSources, "Estimated", length, nameof(estimatedSources));
        if (length == 0) return;
        for (int i = 0; i < referenceSources.Length; i++)
        {
            if (IsSilent(referenceSources[i]))
                throw new ArgumentException($"Reference source {i} is silent (all zeros), which makes the evaluation ambiguous; leave such examples out (and count them).", nameof(referenceSources));
        }

        for (int i = 0; i < estimatedSources.Length; i++)
        {
            if (IsSilent(estimatedSources[i]))
                throw new ArgumentException($"Estimated source {i} is silent (all zeros), which leaves the decomposition undetermined.", nameof(estimatedSources));
        }
    }

    private static void CheckSources(double[][] sources, string kind, int length, string parameter)
    {
        for (int i = 0; i < sources.Length; i++)
        {
            double[] source = sources[i] ?? throw new ArgumentException($"{kind} source {i} is null.", parameter);
            if (source.Length != length)
                throw new ArgumentException($"{kind} source {i} has {source.Length} samples but reference source 0 has {length}; all sources must have the same length.", parameter);
            for (int t = 0; t < source.Length; t++)
            {
                if (!double.IsFinite(source[t]))
                    throw new ArgumentException($"{kind} source {i} holds {source[t]} at sample {t}; samples must be finite.", parameter);
            }
        }
    }
}
