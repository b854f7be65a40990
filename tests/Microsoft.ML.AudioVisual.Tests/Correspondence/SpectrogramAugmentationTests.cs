using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Synchronization;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Correspondence;

/// <summary>The spectrogram augmentations of the correspondence trainers, on small hand-made spectrograms.</summary>
public sealed class SpectrogramAugmentationTests
{
    // 3 bins x 4 frames, row by row; the minimum (the floor, "silence") is -80.
    private static readonly float[] Spectrogram = [-80, -10, -20, -30, -40, -50, -60, -70, -5, -15, -25, -35];

    [Fact]
    public void TimeShiftMovesFramesLaterAndFillsWithTheFloor()
    {
        var shifted = new float[12];
        PairBatchBuilder.ShiftTime(Spectrogram, shifted, bins: 3, frames: 4, shift: 1);
        Assert.Equal([-80, -80, -10, -20, -80, -40, -50, -60, -80, -5, -15, -25], shifted);
    }

    [Fact]
    public void FrequencyShiftMovesBinsUpAndFillsWithTheFloor()
    {
        var shifted = new float[12];
        PairBatchBuilder.ShiftTime(Spectrogram, shifted, bins: 3, frames: 4, shift: 0, binShift: 1);
        Assert.Equal([-80, -80, -80, -80, -80, -10, -20, -30, -40, -50, -60, -70], shifted);
    }

    [Fact]
    public void MaskingFillsOneBandAndOneStretchWithTheMean()
    {
        var masked = (float[])Spectrogram.Clone();
        float mean = Spectrogram.Average();
        PairBatchBuilder.Mask(masked, bins: 3, frames: 4, new AudioAugmentation(0, MaskBin: 1, MaskBins: 1, MaskFrame: 3, MaskFrames: 1));
        Assert.Equal([-80, -10, -20, mean, mean, mean, mean, mean, -5, -15, -25, mean], masked);
    }

    [Fact]
    public void GainAddsTheSameNumberOfDecibelsEverywhereFloorIncluded()
    {
        var louder = (float[])Spectrogram.Clone();
        PairBatchBuilder.AddGain(louder, 12.5f);
        Assert.Equal(Spectrogram.Select(v => v + 12.5f), louder);
        Assert.False(new AudioAugmentation(0, 0, 0, 0, 0, Gain: -3).IsNone);
        Assert.True(new AudioAugmentation(0, 0, 0, 0, 0).IsNone);
    }

    [Fact]
    public void GainMustBeANonNegativeNumber()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AvcEmbeddingOptions { AudioGain = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AvcEmbeddingOptions { AudioGain = double.NaN }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioVisualSyncOptions { AudioGain = -1 }.Validate());
        new AvcEmbeddingOptions { AudioGain = 15 }.Validate();
    }

    [Fact]
    public void GainInDecibelsFollowsTheColumnsScale()
    {
        var log = new ComponentLog(new MLContext(seed: 0), "test");
        AudioFrontEnd FrontEnd(LogCompression compression, SpectrumKind spectrum = SpectrumKind.Power, bool relative = false) =>
            new(new SpectrogramOptions { Log = compression, Spectrum = spectrum, DecibelRelativeToMaximum = relative }, 1.0);
        Assert.Equal(15, GainAugmentation.MaxValueChange(15, FrontEnd(LogCompression.Decibels), "S", log));
        Assert.Equal(1.5 * Math.Log(10), GainAugmentation.MaxValueChange(15, FrontEnd(LogCompression.NaturalLog), "S", log), 12);
        Assert.Equal(0.75 * Math.Log(10), GainAugmentation.MaxValueChange(15, FrontEnd(LogCompression.NaturalLog, SpectrumKind.Magnitude), "S", log), 12);
        // Unknown scale, linear values, or loudness already normalised away: no gain.
        Assert.Equal(0, GainAugmentation.MaxValueChange(15, null, "S", log));
        Assert.Equal(0, GainAugmentation.MaxValueChange(15, FrontEnd(LogCompression.None), "S", log));
        Assert.Equal(0, GainAugmentation.MaxValueChange(15, FrontEnd(LogCompression.Decibels, relative: true), "S", log));
    }
}
