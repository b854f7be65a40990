using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

public sealed class ShortTimeFourierTransformTests
{
    [Theory]
    [InlineData(400, 160, null, true, PaddingMode.Reflect)]
    [InlineData(512, 128, null, true, PaddingMode.Constant)]
    [InlineData(1022, 256, null, true, PaddingMode.Constant)]
    [InlineData(512, 240, 480, true, PaddingMode.Reflect)]
    [InlineData(256, 64, 200, true, PaddingMode.Constant)]
    public void InverseRecoversTheSignalAwayFromTheEdges(int fftSize, int hop, int? windowLength, bool center, PaddingMode padMode)
    {
        float[] x = RealFftTests.RandomSignal(8000, fftSize);
        float[] stft = ShortTimeFourierTransform.Forward(x, fftSize, hop, windowLength, center: center, padMode: padMode);
        int frames = stft.Length / (((fftSize / 2) + 1) * 2);
        float[] y = ShortTimeFourierTransform.Inverse(stft, frames, fftSize, hop, windowLength, center: center, length: x.Length);
        Assert.Equal(x.Length, y.Length);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(y[i] - x[i]));
        }

        Assert.True(worst <= 1e-5, $"max |istft(stft(x)) - x| = {worst}");
    }

    [Fact]
    public void UncentredHannCannotBeInvertedAtTheEdge()
    {
        // Like torch.istft(center=False): a Hann window is 0 at sample 0, so the envelope vanishes there.
        float[] x = RealFftTests.RandomSignal(2000, 4);
        float[] stft = ShortTimeFourierTransform.Forward(x, 512, 128, center: false);
        var error = Assert.Throws<ArgumentException>(() => ShortTimeFourierTransform.Inverse(stft, stft.Length / (257 * 2), 512, 128, center: false));
        Assert.Contains("NOLA", error.Message);
    }

    [Fact]
    public void ForwardLayoutIsBinsFramesComplex()
    {
        // A constant signal times a periodic Hann window: X[0] = N/2, X[1] = -N/4, the other bins 0.
        var x = Enumerable.Repeat(1f, 64).ToArray();
        float[] stft = ShortTimeFourierTransform.Forward(x, 16, 4, center: true, padMode: PaddingMode.Reflect);
        int frames = 1 + (64 / 4);
        Assert.Equal(9 * frames * 2, stft.Length);
        for (int t = 0; t < frames; t++)
        {
            Assert.Equal(8f, stft[t * 2], 1e-5f);
            Assert.Equal(0f, stft[(t * 2) + 1]);
            Assert.Equal(-4f, stft[(frames + t) * 2], 1e-5f);
            for (int k = 2; k < 9; k++)
            {
                Assert.Equal(0f, stft[((k * frames) + t) * 2], 1e-5f);
            }
        }
    }

    [Fact]
    public void ReflectPaddingDoesNotRepeatTheEdge()
    {
        // With n_fft 4 and centring, frame 0 covers [x2, x1, x0, x1] (numpy 'reflect') times the window.
        float[] x = [1f, 2f, 3f, 4f, 5f];
        float[] stft = ShortTimeFourierTransform.Forward(x, 4, 1, center: true, padMode: PaddingMode.Reflect);
        float[] w = [0f, 0.5f, 1f, 0.5f];
        float[] frame = [3f * w[0], 2f * w[1], 1f * w[2], 2f * w[3]];
        const int frames = 6; // 1 + 5 / 1
        Assert.Equal(frames * 3 * 2, stft.Length);
        Assert.Equal(frame.Sum(), stft[0], 1e-6f); // DC of frame 0
        Assert.Equal(frame[0] - frame[2], stft[1 * frames * 2], 1e-6f); // real part of bin 1
    }

    [Fact]
    public void InverseValidatesItsInput()
    {
        Assert.Throws<ArgumentException>(() => ShortTimeFourierTransform.Inverse(new float[10], 2, 8, 2));
        var error = Assert.Throws<ArgumentException>(() => ShortTimeFourierTransform.Inverse(new float[5 * 3 * 2], 3, 8, 9, center: false));
        Assert.Contains("NOLA", error.Message);
        // Past the input, istft returns the reflect-padded tail up to n_fft + hop·(frames-1) - n_fft/2 = 108
        // samples, then zeros (torch pads the same way).
        float[] x = RealFftTests.RandomSignal(100, 1);
        float[] padded = ShortTimeFourierTransform.Inverse(ShortTimeFourierTransform.Forward(x, 16, 4), 26, 16, 4, length: 120);
        Assert.Equal(120, padded.Length);
        Assert.Equal(x[98], padded[100], 1e-5f);
        Assert.Equal(x[91], padded[107], 1e-5f);
        Assert.All(padded[108..], v => Assert.Equal(0f, v));
    }
}
