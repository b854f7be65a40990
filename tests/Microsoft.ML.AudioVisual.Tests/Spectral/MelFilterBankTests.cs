using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class MelFilterBankTests
{
    [Fact]
    public void HtkScaleKnownValues()
    {
        Assert.Equal(0, MelFilterBank.HzToMel(0, MelScale.Htk), 12);
        Assert.Equal(2595 * Math.Log10(1 + (1000.0 / 700)), MelFilterBank.HzToMel(1000, MelScale.Htk), 12);
        Assert.Equal(1000, MelFilterBank.MelToHz(MelFilterBank.HzToMel(1000, MelScale.Htk), MelScale.Htk), 1e-9);
        Assert.Equal(8000, MelFilterBank.MelToHz(MelFilterBank.HzToMel(8000, MelScale.Htk), MelScale.Htk), 1e-9);
    }

    [Fact]
    public void SlaneyScaleIsLinearBelowOneKilohertz()
    {
        Assert.Equal(15, MelFilterBank.HzToMel(1000, MelScale.Slaney), 12);
        Assert.Equal(7.5, MelFilterBank.HzToMel(500, MelScale.Slaney), 12);
        Assert.Equal(15 + (Math.Log(2) / (Math.Log(6.4) / 27)), MelFilterBank.HzToMel(2000, MelScale.Slaney), 12);
        Assert.Equal(2000, MelFilterBank.MelToHz(MelFilterBank.HzToMel(2000, MelScale.Slaney), MelScale.Slaney), 1e-9);
    }

    [Fact]
    public void HtkBankHasUnitPeakTrianglesBetweenFminAndFmax()
    {
        // 16 kHz, n_fft 400: bins every 40 Hz. torchaudio.functional.melscale_fbanks(201, 0, 8000, 64, 16000).
        float[,] fb = MelFilterBank.Create(16000, 400, 64, 0, null, MelScale.Htk, MelNormalization.None);
        Assert.Equal(201, fb.GetLength(0));
        Assert.Equal(64, fb.GetLength(1));

        // f_min = 0 is the first filter's lower edge: bin 0 (0 Hz) has zero weight everywhere.
        for (int m = 0; m < 64; m++)
        {
            Assert.Equal(0f, fb[0, m]);
            Assert.True(fb[200, m] < 1e-6f); // f_max = 8000 Hz is the last filter's upper edge (up to mel round-trip error)
            float peak = Enumerable.Range(0, 201).Max(k => fb[k, m]);
            Assert.InRange(peak, 0.4f, 1f); // no empty filter at this resolution (40 Hz bins)
            Assert.All(Enumerable.Range(0, 201), k => Assert.InRange(fb[k, m], 0f, 1f));
        }

        // Adjacent triangles overlap so that their sum is 1 between the first and last centres.
        double firstCentre = MelFilterBank.MelToHz(MelFilterBank.HzToMel(8000, MelScale.Htk) / 65, MelScale.Htk);
        double lastCentre = MelFilterBank.MelToHz(MelFilterBank.HzToMel(8000, MelScale.Htk) * 64 / 65, MelScale.Htk);
        for (int k = 0; k < 201; k++)
        {
            double f = k * 40.0;
            double sum = Enumerable.Range(0, 64).Sum(m => (double)fb[k, m]);
            if (f >= firstCentre && f <= lastCentre)
            {
                Assert.Equal(1.0, sum, 1e-5);
            }
        }
    }

    [Fact]
    public void SlaneyNormalisationScalesByBandwidth()
    {
        float[,] plain = MelFilterBank.Create(22050, 2048, 128, 0, null, MelScale.Slaney, MelNormalization.None);
        float[,] norm = MelFilterBank.Create(22050, 2048, 128, 0, null, MelScale.Slaney, MelNormalization.Slaney);
        double melMax = MelFilterBank.HzToMel(11025, MelScale.Slaney);
        for (int m = 0; m < 128; m += 17)
        {
            double lo = MelFilterBank.MelToHz(melMax * m / 129, MelScale.Slaney);
            double hi = MelFilterBank.MelToHz(melMax * (m + 2) / 129, MelScale.Slaney);
            double scale = 2 / (hi - lo);
            for (int k = 0; k < 1025; k++)
            {
                Assert.Equal(plain[k, m] * scale, norm[k, m], 1e-6 * scale);
            }
        }
    }

    [Fact]
    public void SparseApplicationEqualsDenseProduct()
    {
        float[,] fb = MelFilterBank.Create(8000, 512, 40, 20, 3800, MelScale.Slaney, MelNormalization.Slaney);
        var sparse = new SparseFilterBank(fb);
        Assert.True(sparse.NonZeroCount < 3 * 257, $"{sparse.NonZeroCount} weights stored");
        float[] spectrum = RealFftTests.RandomSignal(257, 5).Select(Math.Abs).ToArray();
        var output = new float[40 * 3];
        sparse.Apply(spectrum, output.AsSpan(1), 3);
        for (int m = 0; m < 40; m++)
        {
            double expected = Enumerable.Range(0, 257).Sum(k => (double)fb[k, m] * spectrum[k]);
            Assert.Equal(expected, output[1 + (3 * m)], 1e-6);
        }
    }

    [Fact]
    public void ValidatesArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterBank.Create(0, 400, 64, 0, null, MelScale.Htk, MelNormalization.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterBank.Create(16000, 400, 0, 0, null, MelScale.Htk, MelNormalization.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterBank.Create(16000, 400, 64, -1, null, MelScale.Htk, MelNormalization.None));
        Assert.Throws<ArgumentException>(() => MelFilterBank.Create(16000, 400, 64, 9000, null, MelScale.Htk, MelNormalization.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterBank.Create(16000, 400, 64, 0, null, (MelScale)7, MelNormalization.None));
    }
}
