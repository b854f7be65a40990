using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class SpectrogramComputerTests
{
    [Theory]
    [InlineData(16000, 400, 160, true, 101)]  // 1 + len / hop
    [InlineData(16000, 400, 200, true, 81)]
    [InlineData(2384, 512, 128, true, 19)]
    [InlineData(48000, 512, 240, false, 198)] // 1 + (len - n_fft) / hop
    [InlineData(512, 512, 240, false, 1)]
    [InlineData(65535, 1022, 256, true, 256)]
    [InlineData(1000, 401, 100, true, 10)]    // odd n_fft: 1 + (len + 2*200 - 401) / hop
    public void FrameCountFollowsTorch(int samples, int fftSize, int hop, bool center, int expected)
    {
        var computer = new SpectrogramComputer(new SpectrogramOptions { FftSize = fftSize, HopLength = hop, Center = center, Scale = FrequencyScale.Linear });
        Assert.Equal(expected, computer.FrameCount(samples));
    }

    [Fact]
    public void L3PresetGives257By198ForOneSecond()
    {
        var computer = new SpectrogramComputer(SpectrogramOptions.L3());
        float[] x = RealFftTests.RandomSignal(48000, 3);
        Assert.Equal(257, computer.FrequencyBins);
        Assert.Equal(198, computer.FrameCount(x.Length));
        float[] s = computer.Compute(x);
        Assert.Equal(257 * 198, s.Length);
        Assert.All(s, v => Assert.True(float.IsFinite(v) && v >= MathF.Log(1e-7f) - 1e-3f));
    }

    [Fact]
    public void FrequencyBinsPerScale()
    {
        Assert.Equal(128, new SpectrogramComputer(new SpectrogramOptions()).FrequencyBins);
        Assert.Equal(201, new SpectrogramComputer(new SpectrogramOptions { Scale = FrequencyScale.Linear }).FrequencyBins);
        Assert.Equal(256, new SpectrogramComputer(SpectrogramOptions.PixelPlayer()).FrequencyBins);
    }

    [Fact]
    public void TooShortInputsThrowClearErrors()
    {
        var reflect = new SpectrogramComputer(new SpectrogramOptions());
        var error = Assert.Throws<ArgumentException>(() => reflect.Compute(new float[200]));
        Assert.Contains("Reflect padding", error.Message);
        Assert.Equal(2, reflect.FrameCount(201));
        Assert.Throws<ArgumentOutOfRangeException>(() => reflect.Compute(ReadOnlySpan<float>.Empty));

        var constant = new SpectrogramComputer(new SpectrogramOptions { PadMode = PaddingMode.Constant });
        Assert.Equal(1, constant.FrameCount(1));
        Assert.Equal(128, constant.Compute(new float[10]).Length);

        var uncentred = new SpectrogramComputer(SpectrogramOptions.L3());
        error = Assert.Throws<ArgumentException>(() => uncentred.Compute(new float[511]));
        Assert.Contains("shorter than one frame", error.Message);
    }

    [Fact]
    public void DestinationLengthIsChecked()
    {
        var computer = new SpectrogramComputer(new SpectrogramOptions { MelBins = 8 });
        var error = Assert.Throws<ArgumentException>(() => computer.Compute(new float[1000], new float[8 * 5]));
        Assert.Equal("destination", error.ParamName);
        var ok = new float[8 * 6];
        computer.Compute(RealFftTests.RandomSignal(1000, 1), ok);
        Assert.Equal(computer.Compute(RealFftTests.RandomSignal(1000, 1)), ok);
    }

    [Fact]
    public void OptionsAreCopiedBothWays()
    {
        var options = new SpectrogramOptions { MelBins = 10 };
        var computer = new SpectrogramComputer(options);
        options.MelBins = 20;
        Assert.Equal(10, computer.FrequencyBins);
        computer.Options.MelBins = 30;
        Assert.Equal(10, computer.Options.MelBins);
    }

    [Fact]
    public void PowerIsSquaredMagnitudeAndMatchesTheStft()
    {
        float[] x = RealFftTests.RandomSignal(4000, 11);
        var options = new SpectrogramOptions { Scale = FrequencyScale.Linear, FftSize = 256, HopLength = 64 };
        float[] power = new SpectrogramComputer(options).Compute(x);
        options.Spectrum = SpectrumKind.Magnitude;
        float[] magnitude = new SpectrogramComputer(options).Compute(x);
        float[] stft = ShortTimeFourierTransform.Forward(x, 256, 64);
        Assert.Equal(stft.Length / 2, power.Length);
        for (int i = 0; i < power.Length; i++)
        {
            double re = stft[2 * i], im = stft[(2 * i) + 1];
            Assert.Equal((re * re) + (im * im), power[i], 1e-6 * Math.Max(1, power[i]));
            Assert.Equal(Math.Sqrt(power[i]), magnitude[i], 1e-5 * Math.Max(1, magnitude[i]));
        }
    }

    [Fact]
    public void SineLandsInTheRightBinAndMelBand()
    {
        const int sampleRate = 16000;
        var x = new float[sampleRate];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(2 * MathF.PI * 1000 * i / sampleRate);
        }

        var linear = new SpectrogramComputer(new SpectrogramOptions { Scale = FrequencyScale.Linear, HopLength = 160 });
        float[] s = linear.Compute(x);
        int frames = linear.FrameCount(x.Length), middle = frames / 2;
        int peak = Enumerable.Range(0, 201).MaxBy(k => s[(k * frames) + middle]);
        Assert.Equal(25, peak); // 1000 Hz / (16000 / 400) Hz per bin

        var mel = new SpectrogramComputer(new SpectrogramOptions { MelBins = 64, HopLength = 160, Log = LogCompression.Decibels, DecibelTopDb = 80 });
        float[] m = mel.Compute(x);
        int band = Enumerable.Range(0, 64).MaxBy(b => m[(b * frames) + middle]);
        double melOf1k = MelFilterBank.HzToMel(1000, MelScale.Htk), step = MelFilterBank.HzToMel(8000, MelScale.Htk) / 65;
        Assert.InRange(band, (int)(melOf1k / step) - 2, (int)(melOf1k / step) + 1);
        float max = m.Max();
        Assert.All(m, v => Assert.True(v >= max - 80 - 1e-3));
    }

    [Fact]
    public void IsThreadSafe()
    {
        var computer = new SpectrogramComputer(SpectrogramOptions.TorchAudio());
        float[] x = RealFftTests.RandomSignal(16000, 2);
        float[] expected = computer.Compute(x);
        Parallel.For(0, 8, _ => Assert.Equal(expected, computer.Compute(x)));
    }

    [Fact]
    public void DecibelsRelativeToTheMaximumIgnoreLoudness()
    {
        var options = new SpectrogramOptions { SampleRate = 8000, FftSize = 256, WindowLength = 200, HopLength = 80, MelBins = 40,
            Log = LogCompression.Decibels, DecibelTopDb = 80 };
        float[] x = RealFftTests.RandomSignal(8000, 5);
        float[] quieter = x.Select(v => v * 0.2f).ToArray(); // -14 dB
        var absolute = new SpectrogramComputer(options);
        Assert.InRange(absolute.Compute(x).Max() - absolute.Compute(quieter).Max(), 13.9, 14.1);

        options.DecibelRelativeToMaximum = true;
        var relative = new SpectrogramComputer(options);
        float[] loud = relative.Compute(x), soft = relative.Compute(quieter);
        Assert.Equal(0f, loud.Max());
        Assert.InRange(loud.Min(), -80.001f, 0f); // top_db still floors 80 dB below the maximum
        Assert.All(loud.Zip(soft), p => Assert.Equal(p.First, p.Second, 2));
        // The same values as absolute decibels minus their maximum (librosa's ref=np.max).
        float[] reference = absolute.Compute(x);
        Assert.Equal(reference.Select(v => v - reference.Max()), loud);
    }
}
