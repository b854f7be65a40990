using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class LogFrequencyWarpAndDecibelsTests
{
    [Fact]
    public void WarpKeepsEndsAndIsLogarithmic()
    {
        const int bins = 512, frames = 3;
        var linear = new float[bins * frames];
        for (int k = 0; k < bins; k++)
        {
            for (int t = 0; t < frames; t++)
            {
                linear[(k * frames) + t] = k + (1000 * t); // row index, so the output shows the sampled row
            }
        }

        float[] warped = LogFrequencyWarp.Apply(linear, bins, frames, 256);
        Assert.Equal(256 * frames, warped.Length);
        Assert.Equal(0f, warped[0]);
        Assert.Equal(bins - 1, warped[255 * frames], 1e-3f);
        Assert.Equal(1000f + (bins - 1), warped[(255 * frames) + 1], 1e-3f);
        for (int y = 0; y < 256; y++)
        {
            double v = -1 + (2.0 * y / 255);
            double row = (Math.Pow(21, (v + 1) / 2) - 11) / 10;
            row = (row + 1) / 2 * (bins - 1);
            Assert.Equal(row, warped[y * frames], 2e-3);
        }
    }

    [Fact]
    public void WarpValidatesShapes()
    {
        Assert.Throws<ArgumentException>(() => LogFrequencyWarp.Apply(new float[10], 4, 3, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogFrequencyWarp.Apply(new float[3], 1, 3, 8));
    }

    [Fact]
    public void DecibelsMatchTorchAudioFormula()
    {
        float[] power = [1f, 10f, 0.01f, 0f, 1e-12f];
        Decibels.FromPower(power, 1e-10, 1.0, null);
        Assert.Equal([0f, 10f, -20f, -100f, -100f], power.Select(v => MathF.Round(v, 4)).ToArray());

        float[] amplitude = [1f, 10f, 0.5f];
        Decibels.FromAmplitude(amplitude, 1e-5, 2.0, null);
        Assert.Equal(-20 * Math.Log10(2), amplitude[0], 1e-5);
        Assert.Equal(20 - (20 * Math.Log10(2)), amplitude[1], 1e-5);

        float[] floored = [100f, 1f, 1e-9f];
        Decibels.FromPower(floored, 1e-10, 1.0, 30);
        Assert.Equal([20f, 0f, -10f], floored.Select(v => MathF.Round(v, 4)).ToArray());

        Assert.Throws<ArgumentOutOfRangeException>(() => Decibels.FromPower(floored, 0, 1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decibels.FromPower(floored, 1e-10, 1, -1));
    }
}
