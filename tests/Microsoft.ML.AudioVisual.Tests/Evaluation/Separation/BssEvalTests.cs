using Microsoft.ML.AudioVisual.Evaluation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;

/// <summary>Hand-checkable cases (see <see cref="ImpulseScene"/>) and input errors.</summary>
public sealed class BssEvalTests
{
    [Fact]
    public void RatiosAreWindowEnergyRatios()
    {
        // Against its reference each estimate has energy 512 on target, 128 of interference, 64 of artifacts.
        double[][] estimates = [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)];
        BssEvalResult result = BssEval.EvaluateSources(ImpulseScene.References(), estimates, computePermutation: false);

        double sdr = 10 * Math.Log10(512.0 / (128 + 64)), sir = 10 * Math.Log10(512.0 / 128), sar = 10 * Math.Log10((512.0 + 128) / 64);
        Assert.All(result.Sdr, v => Assert.Equal(sdr, v, 9));
        Assert.All(result.Sir, v => Assert.Equal(sir, v, 9));
        Assert.All(result.Sar, v => Assert.Equal(sar, v, 9));
        Assert.Equal([0, 1], result.Permutation);
        Assert.Equal(10.0, sar, 12); // 4.2597 / 6.0206 / 10 dB, as mir_eval 0.7 gives for these arrays
    }

    [Fact]
    public void SetsOfEstimatesOfTheSameReferencesScoreExactlyAsSeparateCalls()
    {
        var random = new Random(11);
        double[] Noise() => [.. Enumerable.Range(0, 1500).Select(_ => random.NextDouble() - 0.5)];
        double[][] references = [Noise(), Noise()];
        double[] mixture = [.. references[0].Zip(references[1], (a, b) => a + b)];
        double[][] estimates = [.. references.Select(r => r.Select((v, t) => v + (0.3 * mixture[t])).ToArray())];
        double[][] mixtureTwice = [mixture, mixture];   // the same array twice: projected once

        var together = BssEval.EvaluateSourcesInOrder(references, estimates, mixtureTwice);
        foreach (var (set, result) in new[] { estimates, mixtureTwice }.Zip(together))
        {
            var alone = BssEval.EvaluateSources(references, set, computePermutation: false);
            Assert.Equal(alone.Sdr, result.Sdr);
            Assert.Equal(alone.Sir, result.Sir);
            Assert.Equal(alone.Sar, result.Sar);
            Assert.Equal(alone.Permutation, result.Permutation);
        }
        Assert.True(together[0].Sdr.Average() > together[1].Sdr.Average());
        Assert.Throws<ArgumentException>(() => BssEval.EvaluateSourcesInOrder(references, estimates, [mixture]));
    }

    [Fact]
    public void PermutationSearchMatchesSwappedEstimatesBack()
    {
        double[][] swapped = [ImpulseScene.Levels(0.5, 1), ImpulseScene.Levels(1, 0.5)];
        BssEvalResult fixedOrder = BssEval.EvaluateSources(ImpulseScene.References(), swapped, computePermutation: false);
        BssEvalResult searched = BssEval.EvaluateSources(ImpulseScene.References(), swapped);

        Assert.All(fixedOrder.Sir, v => Assert.Equal(-10 * Math.Log10(4), v, 9)); // each estimate's interference is its target
        Assert.Equal([1, 0], searched.Permutation);
        Assert.All(searched.Sir, v => Assert.Equal(10 * Math.Log10(4), v, 9));
        Assert.All(searched.Sdr, v => Assert.Equal(10 * Math.Log10(512.0 / 192), v, 9));
    }

    [Fact]
    public void SingleSourceHasInfiniteSirAndAFilteredCopyIsPerfect()
    {
        var random = new Random(7);
        // Noise, then 511 zeros so that the filtered copy's tail fits in the signal (a cut tail would be an artifact).
        double[] reference = [.. Enumerable.Range(0, 3000).Select(t => t < 3000 - 511 ? random.NextDouble() - 0.5 : 0)];
        // 0.8·r[t] − 0.3·r[t − 5] + 0.1·r[t − 511]: inside the 512-tap filter model.
        double[] estimate = [.. Enumerable.Range(0, reference.Length).Select(t =>
            (0.8 * reference[t]) - (t >= 5 ? 0.3 * reference[t - 5] : 0) + (t >= 511 ? 0.1 * reference[t - 511] : 0))];

        BssEvalResult result = BssEval.EvaluateSources([reference], [estimate]);

        Assert.Equal(double.PositiveInfinity, result.Sir[0]);
        Assert.True(result.Sdr[0] > 100, $"SDR {result.Sdr[0]} dB");
        Assert.True(result.Sar[0] > 100, $"SAR {result.Sar[0]} dB");
        Assert.Equal([0], result.Permutation);
    }

    [Fact]
    public void IdenticalReferencesFallBackToLeastSquares()
    {
        // The Gram matrix is singular (mir_eval falls back to lstsq); the projections, hence the scores, stay defined.
        double[][] references = [ImpulseScene.Impulse(0), ImpulseScene.Impulse(0)];
        double[][] estimates = [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(1, 0.5)];
        BssEvalResult result = BssEval.EvaluateSources(references, estimates, computePermutation: false);

        // Both subspaces are the window [0, 512): no interference can be told apart, the rest (128 + 64) is artifacts.
        // mir_eval 0.7 gives 4.2597 / 290.6 / 4.2597 dB here.
        double expected = 10 * Math.Log10(512.0 / (128 + 64));
        Assert.All(result.Sdr, v => Assert.Equal(expected, v, 9));
        Assert.All(result.Sar, v => Assert.Equal(expected, v, 9));
        Assert.All(result.Sir, v => Assert.True(v > 100, $"SIR {v} dB"));
    }

    [Fact]
    public void MismatchedInputsAreRejectedNamingTheSource()
    {
        double[][] references = ImpulseScene.References();
        var count = Assert.Throws<ArgumentException>(() => BssEval.EvaluateSources(references, [ImpulseScene.Levels(1, 0.5)]));
        Assert.Contains("2 reference sources but 1 estimated", count.Message);

        var length = Assert.Throws<ArgumentException>(() => BssEval.EvaluateSources(references, [ImpulseScene.Levels(1, 0.5), new double[100]]));
        Assert.Contains("Estimated source 1 has 100 samples", length.Message);

        double[] withNaN = ImpulseScene.Levels(1, 0.5);
        withNaN[3] = double.NaN;
        var nan = Assert.Throws<ArgumentException>(() => BssEval.EvaluateSources(references, [ImpulseScene.Levels(1, 0.5), withNaN]));
        Assert.Contains("Estimated source 1 holds NaN at sample 3", nan.Message);

        double[][] many = [.. Enumerable.Range(0, BssEval.MaxPermutationSources + 1).Select(ImpulseScene.Impulse)];
        var permutations = Assert.Throws<ArgumentException>(() => BssEval.EvaluateSources(many, many));
        Assert.Contains("without the permutation search", permutations.Message);
    }

    [Fact]
    public void SilentSourcesAreRejectedNamingTheSource()
    {
        var reference = Assert.Throws<ArgumentException>(() =>
            BssEval.EvaluateSources([ImpulseScene.Impulse(0), new double[ImpulseScene.Length]], [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)]));
        Assert.Contains("Reference source 1 is silent", reference.Message);

        var estimate = Assert.Throws<ArgumentException>(() =>
            BssEval.EvaluateSources(ImpulseScene.References(), [new double[ImpulseScene.Length], ImpulseScene.Levels(0.5, 1)]));
        Assert.Contains("Estimated source 0 is silent", estimate.Message);

        Assert.True(BssEval.IsSilent(new double[] { 0.0, -0.0 }));
        Assert.False(BssEval.IsSilent(new double[] { 0.0, 1e-300 }));
    }

    [Fact]
    public void EmptyInputGivesEmptyScoresAsMirEval()
    {
        BssEvalResult none = BssEval.EvaluateSources([], []);
        Assert.Empty(none.Sdr);
        BssEvalResult noSamples = BssEval.EvaluateSources([[], []], [[], []]);
        Assert.Equal(0, noSamples.Sources);
        Assert.Empty(noSamples.Permutation);
    }
}
