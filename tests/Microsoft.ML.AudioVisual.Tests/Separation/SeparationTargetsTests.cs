using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.Separation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>Mixture rendering, training targets and mask reconstruction (no libtorch).</summary>
public sealed class SeparationTargetsTests
{
    private static readonly SeparationFrontEnd FrontEnd = SeparationFrontEnd.Small;

    private static float[] Sine(double hertz, int samples, int rate, float amplitude = 0.5f) =>
        [.. Enumerable.Range(0, samples).Select(i => amplitude * (float)Math.Sin(2 * Math.PI * hertz * i / rate))];

    private static (float[][] Sources, float[] Mixture) TwoTones()
    {
        var spec = new MixtureSpec([new MixtureSource(0, 0, 0, 100), new MixtureSource(1, 1, 1, -50)]);
        float[][] recordings = [Sine(300, 6000, FrontEnd.SampleRate), Sine(2500, 9000, FrontEnd.SampleRate)];
        return MixtureRenderer.Render(spec, i => recordings[i], FrontEnd.ClipSamples);
    }

    [Fact]
    public void MixtureIsTheSumOfTheScaledPlacedSources()
    {
        var (sources, mixture) = TwoTones();
        Assert.Equal(FrontEnd.ClipSamples, mixture.Length);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(0f, sources[0][i]));
        Assert.Equal(0.5f * Sine(2500, 9000, FrontEnd.SampleRate)[50], sources[1][0], 6);
        for (int i = 0; i < mixture.Length; i++) Assert.Equal(sources[0][i] + sources[1][i], mixture[i], 6);
    }

    [Fact]
    public void BinaryTargetsMarkWhereEachToneDominatesAndRatiosSumToAboutOne()
    {
        var (sources, mixture) = TwoTones();
        var spectrogram = MixtureSpectrogram.Compute(mixture, FrontEnd);
        var magnitudes = sources.Select(s => SeparationTargets.Magnitude(s, FrontEnd)).ToArray();
        var (binary, weight) = SeparationTargets.Compute(magnitudes, spectrogram.Magnitude, spectrogram.Frames, FrontEnd, SeparationMask.Binary);
        var (ratio, _) = SeparationTargets.Compute(magnitudes, spectrogram.Magnitude, spectrogram.Frames, FrontEnd, SeparationMask.Ratio);
        int frames = spectrogram.Frames, bins = FrontEnd.LogFrequencyBins;
        Assert.Equal(bins * frames, weight.Length);
        Assert.All(weight, w => Assert.InRange(w, 1e-3f, 10f));
        Assert.All(binary.SelectMany(t => t), v => Assert.True(v is 0f or 1f));
        // Row of each tone on the warped axis: its target is 1 for its own source and 0 for the other in a middle frame.
        int middle = frames / 2;
        int RowOf(float[] magnitude) => Enumerable.Range(0, bins).MaxBy(r => LogFrequencyMask.Warp(magnitude, FrontEnd.LinearBins, frames, bins)[(r * frames) + middle]);
        int low = RowOf(magnitudes[0]), high = RowOf(magnitudes[1]);
        Assert.True(low < high);
        Assert.Equal(1f, binary[0][(low * frames) + middle]);
        Assert.Equal(0f, binary[1][(low * frames) + middle]);
        Assert.Equal(1f, binary[1][(high * frames) + middle]);
        Assert.Equal(0f, binary[0][(high * frames) + middle]);
        Assert.All(ratio.SelectMany(t => t), v => Assert.InRange(v, 0f, SeparationTargets.MaxRatio));
        Assert.InRange(ratio[0][(low * frames) + middle] + ratio[1][(low * frames) + middle], 0.9f, 1.1f);
    }

    [Fact]
    public void WienerTargetsAreEachSourcesShareOfThePowerAndAddUpToOne()
    {
        var (sources, mixture) = TwoTones();
        var spectrogram = MixtureSpectrogram.Compute(mixture, FrontEnd);
        var magnitudes = sources.Select(s => SeparationTargets.Magnitude(s, FrontEnd)).ToArray();
        var (wiener, _) = SeparationTargets.Compute(magnitudes, spectrogram.Magnitude, spectrogram.Frames, FrontEnd, SeparationMask.Wiener);
        int frames = spectrogram.Frames, bins = FrontEnd.LogFrequencyBins;
        var warped = magnitudes.Select(m => LogFrequencyMask.Warp(m, FrontEnd.LinearBins, frames, bins)).ToArray();
        for (int i = 0; i < bins * frames; i++)
        {
            Assert.Equal(1f, wiener[0][i] + wiener[1][i], 5);
            double power0 = (double)warped[0][i] * warped[0][i], power1 = (double)warped[1][i] * warped[1][i];
            double expected = power0 + power1 > 0 ? power0 / (power0 + power1) : 0.5;
            Assert.Equal(expected, wiener[0][i], 4);
        }
        // Where a tone is, it owns nearly all of the power; the binary target agrees there.
        int middle = frames / 2;
        int low = Enumerable.Range(0, bins).MaxBy(r => warped[0][(r * frames) + middle]);
        Assert.True(wiener[0][(low * frames) + middle] > 0.99f);
        Assert.True(SeparationMask.Wiener.IsProbability() && SeparationMask.Binary.IsProbability() && !SeparationMask.Ratio.IsProbability());
    }

    [Fact]
    public void PerSourceWeightsFollowEachSourcesOwnLevelAndIgnoreTheMixturesLoudness()
    {
        var (sources, _) = TwoTones();
        // The second tone 20 dB quieter: its bins must weigh as much for it as the loud tone's do for the loud one.
        float[][] Scaled(float first, float second) => [[.. sources[0].Select(v => v * first)], [.. sources[1].Select(v => v * second)]];
        (float[] Weight, int Frames) Weights(float[][] scaled)
        {
            float[] mixture = [.. scaled[0].Zip(scaled[1], (a, b) => a + b)];
            var spectrogram = MixtureSpectrogram.Compute(mixture, FrontEnd);
            var magnitudes = scaled.Select(x => SeparationTargets.Magnitude(x, FrontEnd)).ToArray();
            var (_, weight) = SeparationTargets.Compute(magnitudes, spectrogram.Magnitude, spectrogram.Frames, FrontEnd, SeparationMask.Binary, SeparationLossWeight.PerSource);
            return (weight, spectrogram.Frames);
        }

        var (weight, frames) = Weights(Scaled(1f, 0.1f));
        int plane = FrontEnd.LogFrequencyBins * frames;
        Assert.Equal(2 * plane, weight.Length);
        Assert.All(weight, w => Assert.InRange(w, 1e-3f, 10f));
        // Same mixture, so the quiet source's plane (relative to its small mean) is larger everywhere.
        double loud = weight.AsSpan(0, plane).ToArray().Average(), quiet = weight.AsSpan(plane).ToArray().Average();
        Assert.True(quiet > 2 * loud, $"mean weight of the quiet source {quiet}, of the loud one {loud}");

        // 20 dB louder overall: the same weights (the official mixture weight would change).
        var (louder, _) = Weights(Scaled(10f, 1f));
        for (int i = 0; i < weight.Length; i += 97) Assert.Equal(weight[i], louder[i], 2e-3f);
    }

    [Theory]
    [InlineData(SeparationFrequencyAxis.Logarithmic)]
    [InlineData(SeparationFrequencyAxis.Linear)]
    public void AllOnesMaskGivesBackTheMixtureAndTheIdealMaskGivesBackEachSource(SeparationFrequencyAxis axis)
    {
        var (sources, mixture) = TwoTones();
        var prepared = SeparationMixer.Prepare(sources, mixture, FrontEnd with { FrequencyAxis = axis }, SeparationMask.Binary);
        var ones = Enumerable.Repeat(1f, prepared.Weight.Length).ToArray();
        var identity = MaskedReconstruction.Reconstruct(prepared.Spectrogram, ones, SeparationMask.Ratio, mixture.Length);
        for (int i = 0; i < mixture.Length; i++) Assert.Equal(mixture[i], identity[i], 4);

        var estimates = prepared.Targets.Select(t => MaskedReconstruction.Reconstruct(prepared.Spectrogram, t, SeparationMask.Binary, mixture.Length)).ToArray();
        var scores = SeparationEvaluator.TryScore(sources, estimates, mixture);
        Assert.NotNull(scores);
        Assert.True(scores.Sdr > 15, $"SDR of the ideal binary mask on two distant tones: {scores.Sdr:0.0} dB");
        Assert.True(scores.Nsdr > 10, $"NSDR {scores.Nsdr:0.0} dB");
    }

    [Fact]
    public void ALinearAxisSpacesItsRowsEvenlyOverTheBinsAndUnwarpsBack()
    {
        var linear = FrontEnd with { FrequencyAxis = SeparationFrequencyAxis.Linear };
        int bins = linear.LinearBins, rows = linear.LogFrequencyBins, frames = 3;
        float[] ramp = [.. Enumerable.Range(0, bins * frames).Select(i => (float)(i / frames))];   // each bin's value is its index
        var warped = LogFrequencyMask.Warp(ramp, frames, linear);
        Assert.Equal(rows * frames, warped.Length);
        for (int r = 0; r < rows; r++) Assert.Equal(r * (bins - 1) / (double)(rows - 1), warped[(r * frames) + 1], 3);
        var back = LogFrequencyMask.Unwarp(warped, frames, linear);
        for (int i = 0; i < ramp.Length; i++) Assert.Equal(ramp[i], back[i], 3);
        // The official warp spends half of its rows below a sixth of the band.
        var logarithmic = LogFrequencyMask.Warp(ramp, frames, FrontEnd);
        Assert.InRange(logarithmic[((rows / 2) * frames) + 1], 0.1 * bins, 0.25 * bins);
    }

    [Fact]
    public void BinaryMasksAreThresholdedUnlessAppliedSoft()
    {
        var (_, mixture) = TwoTones();
        var spectrogram = MixtureSpectrogram.Compute(mixture, FrontEnd);
        var below = Enumerable.Repeat(0.3f, FrontEnd.LogFrequencyBins * spectrogram.Frames).ToArray();
        var thresholded = MaskedReconstruction.Reconstruct(spectrogram, below, SeparationMask.Binary, mixture.Length);
        var soft = MaskedReconstruction.Reconstruct(spectrogram, below, SeparationMask.Binary, mixture.Length, binaryThreshold: null);
        var lowered = MaskedReconstruction.Reconstruct(spectrogram, below, SeparationMask.Binary, mixture.Length, binaryThreshold: 0.25f);
        Assert.All(thresholded, v => Assert.Equal(0f, v));
        for (int i = 0; i < mixture.Length; i++)
        {
            Assert.Equal(0.3f * mixture[i], soft[i], 4);
            Assert.Equal(mixture[i], lowered[i], 4);
        }
    }

    [Fact]
    public void SilentSourcesAreSkippedNotScored()
    {
        var (sources, mixture) = TwoTones();
        float[][] silent = [sources[0], new float[mixture.Length]];
        Assert.Null(SeparationEvaluator.TryScore(silent, sources, mixture));
    }
}
