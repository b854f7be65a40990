using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary><see cref="MixAndSeparateTransformer.PixelEnergy"/>: one mask per cell of the visual feature map (the official forward_pixelwise).</summary>
[Collection(TorchCollection.Name)]
public sealed class SeparationPixelEnergyTests
{
    public SeparationPixelEnergyTests() => torch.set_num_threads(1);

    private static float[] Picture(int seed, int channels = 1) =>
        [.. Enumerable.Range(0, channels * 64).Select(i => ((i * 29) + (seed * 17)) % 64 / 63f)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // a sound net conditioned on each picture computes its maps per picture here too
    public void OneCellMapEqualsTheEnergyOfThePooledMask(bool conditionSoundNet)
    {
        // A frame net that pools 8 pixels down to one cell: the per-pixel mask is the picture's mask, so its energy must
        // equal that of the mask Separate predicts (un-warped, times the mixture's magnitude, summed over both clips).
        using var model = ToySeparators.Create(new VisualShape(1, 1, 8, 8), pools: 3, conditionSoundNet: conditionSoundNet);
        var mixture = ToySeparators.Mixture(1500);
        float[][] pictures = [Picture(1), Picture(2)];
        var result = model.Separate(mixture, pictures);
        var maps = model.PixelEnergy(mixture, pictures);

        var frontEnd = model.FrontEnd;
        var clips = SeparationClips.Cut(mixture, frontEnd).Select(c => MixtureSpectrogram.Compute(c, frontEnd)).ToArray();
        int frames = clips[0].Frames, bins = frontEnd.LogFrequencyBins;
        Assert.Equal(frames * clips.Length, result.MaskFrames);
        for (int n = 0; n < pictures.Length; n++)
        {
            Assert.Equal((1, 1), (maps[n].Height, maps[n].Width));
            double expected = 0;
            for (int c = 0; c < clips.Length; c++)
            {
                var mask = new float[bins * frames];
                for (int f = 0; f < bins; f++) result.Masks[n].AsSpan((f * result.MaskFrames) + (c * frames), frames).CopyTo(mask.AsSpan(f * frames));
                var linear = LogFrequencyMask.Unwarp(mask, bins, frames, frontEnd.LinearBins);
                for (int i = 0; i < linear.Length; i++) expected += linear[i] * clips[c].Magnitude[i];
            }
            Assert.True(expected > 0, "the toy mixture is not silent");
            Assert.Equal(expected, maps[n].Energy[0], expected * 1e-4);
        }
    }

    [Fact]
    public void MapsHaveTheFeatureMapShapeAndStayWithinTheMixtureMagnitude()
    {
        using var model = ToySeparators.Create(new VisualShape(1, 3, 8, 8), pools: 1);
        var mixture = ToySeparators.Mixture(900);
        // Any number of pictures: each gets its map.
        var maps = model.PixelEnergy(mixture, [Picture(1, 3), Picture(2, 3), Picture(3, 3)]);
        Assert.Equal(3, maps.Count);
        // Sigmoid masks are at most 1: no cell separates more than the whole mixture's magnitude.
        double total = SeparationClips.Cut(mixture, model.FrontEnd).Sum(c => MixtureSpectrogram.Compute(c, model.FrontEnd).Magnitude.Sum(v => (double)v));
        foreach (var map in maps)
        {
            Assert.Equal((4, 4), (map.Height, map.Width));
            Assert.Equal(16, map.Energy.Length);
            Assert.All(map.Energy, e => Assert.InRange(e, 0.0, total * (1 + 1e-5)));
        }
        Assert.NotEqual(maps[0].Energy, maps[1].Energy);
    }

    [Fact]
    public void BadInputFailsNamingTheCause()
    {
        using var model = ToySeparators.Create(new VisualShape(1, 1, 8, 8));
        Assert.Contains("samples", Assert.Throws<ArgumentException>(() => model.PixelEnergy([], [Picture(1)])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => model.PixelEnergy([0.1f, float.NaN], [Picture(1)])).Message);
        Assert.Contains("expects 64", Assert.Throws<ArgumentException>(() => model.PixelEnergy(ToySeparators.Mixture(100), [new float[10]])).Message);
    }
}
