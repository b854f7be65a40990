using Microsoft.ML.AudioVisual.Evaluation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;

public sealed class SeparationScoresTests
{
    [Fact]
    public void NsdrIsTheGainOverTheMixture()
    {
        // Impulses at 0 and 512 (see ImpulseScene): the mixture holds one unit of target and one of interference
        // for either source, so its SDR is 0 dB; the estimates score 4.26 / 6.02 / 10 dB.
        double[][] references = ImpulseScene.References();
        double[] mixture = [.. references[0].Zip(references[1], (a, b) => a + b)];
        SeparationScores scores = SeparationScores.Compute(references, [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)], mixture);

        Assert.Equal(10 * Math.Log10(512.0 / 192), scores.Sdr, 9);
        Assert.Equal(10 * Math.Log10(4), scores.Sir, 9);
        Assert.Equal(10, scores.Sar, 9);
        Assert.Equal(0, scores.MixtureSdr, 9);
        Assert.Equal(scores.Sdr - scores.MixtureSdr, scores.Nsdr);
    }

    [Fact]
    public void NearSilentExamplesAreNotEvaluable()
    {
        double[] quiet = new double[ImpulseScene.Length];
        quiet[10] = 5e-6; // sum of magnitudes below Sound of Pixels' 1e-5
        double[][] references = ImpulseScene.References();
        Assert.True(SeparationScores.IsEvaluable(references, [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)]));
        Assert.False(SeparationScores.IsEvaluable(references, [ImpulseScene.Levels(1, 0.5), quiet]));
        Assert.False(SeparationScores.IsEvaluable([ImpulseScene.Impulse(0), new double[ImpulseScene.Length]], [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)]));
    }

    [Fact]
    public void MixtureOfAnotherLengthIsRejected()
    {
        double[][] references = ImpulseScene.References();
        var error = Assert.Throws<ArgumentException>(() => SeparationScores.Compute(references, [ImpulseScene.Levels(1, 0.5), ImpulseScene.Levels(0.5, 1)], new double[10]));
        Assert.Contains("mixture has 10 samples", error.Message);
    }
}
