using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class SpectralWindowTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(400)]
    [InlineData(1022)]
    public void PeriodicHannMatchesTheFormulaToFloatPrecision(int n)
    {
        float[] w = SpectralWindow.Create(WindowFunction.HannPeriodic, n);
        Assert.Equal(n, w.Length);
        Assert.Equal(0f, w[0]);
        for (int k = 0; k < n; k++)
        {
            // torch rounds the argument k * (2π/n) to float first, hence a few 1e-7 of deviation.
            double expected = 0.5 - (0.5 * Math.Cos(2 * Math.PI * k / n));
            Assert.True(Math.Abs(w[k] - expected) <= 5e-7, $"n={n} k={k}: {w[k]} vs {expected}");
        }

        if (n % 2 == 0)
        {
            Assert.Equal(1f, w[n / 2]);
        }
    }

    [Fact]
    public void SymmetricHannIsSymmetricWithZeroEnds()
    {
        float[] w = SpectralWindow.Create(WindowFunction.HannSymmetric, 9);
        Assert.Equal(0f, w[0]);
        Assert.Equal(0f, w[8]);
        Assert.Equal(1f, w[4]);
        for (int k = 0; k < 9; k++)
        {
            Assert.Equal(0.5 - (0.5 * Math.Cos(2 * Math.PI * k / 8)), w[k], 5e-7);
        }
    }

    [Fact]
    public void LengthOneIsOne()
    {
        Assert.Equal([1f], SpectralWindow.Create(WindowFunction.HannPeriodic, 1));
        Assert.Equal([1f], SpectralWindow.Create(WindowFunction.HannSymmetric, 1));
    }

    [Fact]
    public void ShorterWindowIsZeroPaddedCentrally()
    {
        float[] core = SpectralWindow.Create(WindowFunction.HannPeriodic, 480);
        float[] padded = SpectralWindow.CreatePadded(WindowFunction.HannPeriodic, 480, 512);
        Assert.Equal(512, padded.Length);
        Assert.All(padded[..16], v => Assert.Equal(0f, v));
        Assert.All(padded[496..], v => Assert.Equal(0f, v));
        Assert.Equal(core, padded[16..496]);

        // Odd difference: torch puts the extra zero on the right.
        float[] odd = SpectralWindow.CreatePadded(WindowFunction.HannPeriodic, 5, 8);
        Assert.Equal(0f, odd[0]);
        Assert.Equal(SpectralWindow.Create(WindowFunction.HannPeriodic, 5), odd[1..6]);
        Assert.Equal(0f, odd[6]);
        Assert.Equal(0f, odd[7]);
    }

    [Fact]
    public void TorchCosIsWithinOneUlpOfExactCosine()
    {
        for (int i = -20000; i <= 20000; i++)
        {
            float x = i * 0.00617f;
            float actual = TorchFloatMath.Cos(x);
            float exact = (float)Math.Cos(x);
            Assert.True(Math.Abs(actual - exact) <= MathF.BitIncrement(MathF.Abs(exact)) - MathF.Abs(exact) + 1e-30f, $"cos({x}) = {actual}, exact {exact}");
        }
    }

    [Fact]
    public void TorchPowAndLinspaceAreAccurate()
    {
        for (float y = -2f; y <= 2f; y += 0.01f)
        {
            float expected = (float)Math.Pow(21.0, y);
            Assert.True(Math.Abs(TorchFloatMath.Pow(21f, y) - expected) <= 2.5e-7 * expected, $"21^{y}");
        }

        Assert.Equal(1f, TorchFloatMath.Pow(21f, 0f));
        float[] v = TorchFloatMath.Linspace(-1f, 1f, 256);
        Assert.Equal(-1f, v[0]);
        Assert.Equal(1f, v[255]);
        for (int i = 0; i < v.Length; i++)
        {
            Assert.Equal(-1.0 + (2.0 * i / 255), v[i], 2e-7);
        }

        Assert.Equal([3f], TorchFloatMath.Linspace(3f, 5f, 1));
    }
}
