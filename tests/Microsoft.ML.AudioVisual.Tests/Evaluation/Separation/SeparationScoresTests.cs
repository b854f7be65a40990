using Microsoft.ML.AudioVisual.Evaluation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;

public sealed class SeparationScoresTests
{
    private const int Length = 2048;

    private static double[] Impulse(int at)
    {
        var signal = new double[Length];
        signal[at] = 1;
        return signal;
    }

    private static double[] Levels(double first, double second) =>
        [.. Enumerable.Range(0, Length).Select(t => t < 512 ? first : t < 1024 ? second : 0.25)];

    [Fact]
    public void NsdrIsTheGainOverTheMixture()
    {
        // Impulses at 0 and 512 (see BssEvalTests): the mixture holds one unit of target and one of interference
        // for either source, so its SDR is 0 dB; the estimates score 4.26 / 6.02 / 10 dB.
        double[][] references = [Impulse(0), Impulse(512)];
        double[] mixture = [.. references[0].Zip(references[1], (a, b) => a + b)];
        SeparationScores scores = SeparationScores.Compute(references, [Levels(1, 0.5), Levels(0.5, 1)], mixture);

        Assert.Equal(10 * Math.Log10(512.0 / 192), scores.Sdr, 9);
        Assert.Equal(10 * Math.Log10(4), scores.Sir, 9);
        Assert.Equal(10, scores.Sar, 9);
        Assert.Equal(0, scores.MixtureSdr, 9);
        Assert.Equal(scores.Sdr - scores.MixtureSdr, scores.Nsdr);
    }

    [Fact]
    public void NearSilentExamplesAreNotEvaluable()
    {
        double[] quiet = new double[Length];
        quiet[10] = 5e-6; // sum of magnitudes below Sound of Pixels' 1e-5
        double[][] references = [Impulse(0), Impulse(512)];
        Assert.True(SeparationScores.IsEvaluable(references, [Levels(1, 0.5), Levels(0.5, 1)]));
        Assert.False(SeparationScores.IsEvaluable(references, [Levels(1, 0.5), quiet]));
        Assert.False(SeparationScores.IsEvaluable([Impulse(0), new double[Length]], [Levels(1, 0.5), Levels(0.5, 1)]));
    }

    [Fact]
    public void MixtureOfAnotherLengthIsRejected()
    {
        double[][] references = [Impulse(0), Impulse(512)];
        var error = Assert.Throws<ArgumentException>(() => SeparationScores.Compute(references, [Levels(1, 0.5), Levels(0.5, 1)], new double[10]));
        Assert.Contains("mixture has 10 samples", error.Message);
    }
}
