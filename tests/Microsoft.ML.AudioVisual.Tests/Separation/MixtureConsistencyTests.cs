using Microsoft.ML.AudioVisual.Separation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>Soft masks divided by their sum: the separated sources add up to the mixture.</summary>
public sealed class MixtureConsistencyTests
{
    [Fact]
    public void MasksAddUpToOneInEveryClaimedBinAndKeepTheirProportions()
    {
        // Two sources, four bins: both claim, one claims, both half out, nobody claims.
        float[] masks = [0.9f, 0.6f, 0.25f, 0f, 0.3f, 0f, 0.25f, 0f];
        MixtureConsistency.NormalizeMasks(masks, sources: 2);
        Assert.Equal([0.75f, 1f, 0.5f, 0f], masks[..4], new FloatTolerance(1e-6f));
        Assert.Equal([0.25f, 0f, 0.5f, 0f], masks[4..], new FloatTolerance(1e-6f));
    }

    [Fact]
    public void SoftEstimatesFromNormalizedMasksSumToTheMixture()
    {
        var frontEnd = SeparationFrontEnd.Small;
        var random = new Random(3);
        float[] Noise(float amplitude) => [.. Enumerable.Range(0, frontEnd.ClipSamples).Select(_ => amplitude * (float)(random.NextDouble() - 0.5))];
        float[] mixture = [.. Noise(0.4f).Zip(Noise(0.1f), (a, b) => a + b)];
        var spectrogram = MixtureSpectrogram.Compute(mixture, frontEnd);
        int size = frontEnd.LogFrequencyBins * spectrogram.Frames;
        float[] masks = [.. Enumerable.Range(0, 2 * size).Select(_ => (float)random.NextDouble())];

        MixtureConsistency.NormalizeMasks(masks, sources: 2);
        var estimates = Enumerable.Range(0, 2)
            .Select(n => MaskedReconstruction.Reconstruct(spectrogram, masks.AsSpan(n * size, size), SeparationMask.Binary, mixture.Length, binaryThreshold: null))
            .ToArray();

        double error = mixture.Select((m, i) => Math.Abs(m - estimates[0][i] - estimates[1][i])).Max();
        Assert.True(error < 1e-4, $"The estimates miss the mixture by up to {error}.");
    }

    [Fact]
    public void AnExponentSharpensTheMasksTowardsTheLouderClaimAndTheyStillAddUpToOne()
    {
        // 0.6 against 0.3: 2/3 as predicted, 4/5 squared, 8/9 cubed; tiny claims raised to the sixth power keep their
        // proportion (1 : 64) instead of underflowing the bin into silence; an unclaimed bin stays unclaimed.
        float[] masks = [0.6f, 1e-4f, 0f, 0.3f, 2e-4f, 0f];
        float[] squared = (float[])masks.Clone(), cubed = (float[])masks.Clone(), sixth = (float[])masks.Clone();
        MixtureConsistency.NormalizeMasks(squared, sources: 2, exponent: 2);
        MixtureConsistency.NormalizeMasks(cubed, sources: 2, exponent: 3);
        MixtureConsistency.NormalizeMasks(sixth, sources: 2, exponent: 6);
        Assert.Equal([0.8f, 0.2f], [squared[0], squared[3]], new FloatTolerance(1e-6f));
        Assert.Equal([8f / 9, 1f / 9], [cubed[0], cubed[3]], new FloatTolerance(1e-6f));
        Assert.Equal([1f / 65, 64f / 65], [sixth[1], sixth[4]], new FloatTolerance(1e-6f));
        Assert.Equal([0f, 0f], [sixth[2], sixth[5]]);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void AnExponentThatIsNotAPositiveNumberIsRejected(float exponent)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MixtureConsistency.NormalizeMasks(new float[4], sources: 2, exponent));
        Assert.Contains("positive number", error.Message);
    }

    [Fact]
    public void MasksThatDoNotSplitIntoEqualPlanesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MixtureConsistency.NormalizeMasks(new float[5], sources: 2));
        Assert.Contains("5 mask values", error.Message);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
