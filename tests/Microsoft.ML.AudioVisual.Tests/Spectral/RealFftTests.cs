using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class RealFftTests
{
    public static TheoryData<int> Sizes()
    {
        var sizes = new TheoryData<int>();
        for (int n = 1; n <= 64; n++)
        {
            sizes.Add(n);
        }

        foreach (int n in new[] { 73, 256, 400, 480, 512, 1022, 2048, 2 * 3 * 5 * 7 * 11 })
        {
            sizes.Add(n);
        }

        return sizes;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ForwardMatchesNaiveDoubleDft(int n)
    {
        float[] x = RandomSignal(n, seed: n);
        var fft = new RealFft(n);
        float[] data = (float[])x.Clone();
        fft.Forward(data, new float[n]);

        // Float32 FFT error grows like log(n) · eps · ||x||; the bound below has a wide margin.
        double scale = Math.Sqrt(n) * RootSumSquares(x);
        double tolerance = 1e-6 * Math.Max(1, Math.Log2(n)) * scale + 1e-12;
        for (int k = 0; k <= n / 2; k++)
        {
            (double re, double im) = NaiveDft(x, k);
            (float actualRe, float actualIm) = StftPlan.Bin(data, k, n);
            Assert.True(Math.Abs(actualRe - re) <= tolerance, $"n={n} bin {k}: re {actualRe} vs {re}");
            Assert.True(Math.Abs(actualIm - im) <= tolerance, $"n={n} bin {k}: im {actualIm} vs {im}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardInvertsForward(int n)
    {
        float[] x = RandomSignal(n, seed: 1000 + n);
        var fft = new RealFft(n);
        float[] data = (float[])x.Clone();
        var scratch = new float[n];
        fft.Forward(data, scratch);
        fft.Backward(data, scratch);
        double tolerance = 1e-5 * Math.Max(1, Math.Log2(n)) * x.Max(v => Math.Abs(v));
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs((data[i] / n) - x[i]) <= tolerance, $"n={n} sample {i}: {data[i] / n} vs {x[i]}");
        }
    }

    [Fact]
    public void RejectsShortBuffers()
    {
        var fft = new RealFft(8);
        Assert.Throws<ArgumentException>(() => fft.Forward(new float[7], new float[8]));
        Assert.Throws<ArgumentException>(() => fft.Backward(new float[8], new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(0));
    }

    [Fact]
    public void TwiddlesAreExactAtSymmetryPoints()
    {
        Assert.Equal((1.0, 0.0), RealFft.SinCos2PiOver(0, 8));
        (double c, double s) = RealFft.SinCos2PiOver(2, 8);
        Assert.Equal(0.0, c);
        Assert.Equal(1.0, s);
        (c, s) = RealFft.SinCos2PiOver(1, 8);
        Assert.Equal(Math.Sqrt(0.5), c, 1e-15);
        Assert.Equal(c, s, 1e-15);
        (c, s) = RealFft.SinCos2PiOver(7, 12);
        Assert.Equal(Math.Cos(2 * Math.PI * 7 / 12), c, 1e-14);
        Assert.Equal(Math.Sin(2 * Math.PI * 7 / 12), s, 1e-14);
    }

    internal static float[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return x;
    }

    private static (double Re, double Im) NaiveDft(float[] x, int k)
    {
        double re = 0, im = 0;
        int n = x.Length;
        for (int t = 0; t < n; t++)
        {
            double angle = -2 * Math.PI * ((long)k * t % n) / n;
            re += x[t] * Math.Cos(angle);
            im += x[t] * Math.Sin(angle);
        }

        return (re, im);
    }

    private static double RootSumSquares(float[] x) => Math.Sqrt(x.Sum(v => (double)v * v) / Math.Max(1, x.Length));
}
