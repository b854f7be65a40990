using Microsoft.ML.AudioVisual.Datasets;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class PhotoSoundAugmentationTests
{
    private static PhotoSoundPair[] Pairs(int count, int rate)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(k =>
        {
            var photo = Enumerable.Range(0, 3 * 30 * 40).Select(_ => (float)random.NextDouble()).ToArray();
            // 1.5 s: silence, then a tone in the middle second (the loud part).
            var sound = Enumerable.Range(0, rate * 3 / 2).Select(i => i < rate / 4 || i >= rate * 5 / 4 ? 0f : MathF.Sin(i * 0.1f * (k + 1))).ToArray();
            return new PhotoSoundPair($"subject{k}", photo, 30, 40, sound, rate);
        }).ToArray();
    }

    [Fact]
    public void ExamplesCycleThroughTheSubjectsAndRepeatForASeed()
    {
        var frontEnd = AudioVisualExamples.FsddFrontEnd();
        var pairs = Pairs(3, frontEnd.SampleRate);
        var a = PhotoSoundAugmentation.Build(pairs, frontEnd, count: 9, imageSize: 16, seed: 1);
        var b = PhotoSoundAugmentation.Build(pairs, frontEnd, count: 9, imageSize: 16, seed: 1);
        var c = PhotoSoundAugmentation.Build(pairs, frontEnd, count: 9, imageSize: 16, seed: 2);

        Assert.Equal([3, 16, 16], a.ImageShape);
        Assert.Equal([40, 101], a.SpectrogramShape);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i % 3), a.ImageLabels);
        Assert.Equal(a.ImageLabels, a.AudioLabels);
        Assert.Equal(1.0, a.FrontEnd!.ClipSeconds);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(a.Images[i], b.Images[i]);
            Assert.Equal(a.Spectrograms[i], b.Spectrograms[i]);
            Assert.All(a.Images[i], v => Assert.InRange(v, 0f, 1f));
        }
        Assert.NotEqual(a.Images[0], c.Images[0]);
    }

    [Fact]
    public void TheLoudestWindowIsTheToneNotTheSilence()
    {
        var pair = Pairs(1, 8000)[0];
        var window = pair.LoudestWindow();
        Assert.Equal(8000, window.Length);
        Assert.True(window.Take(800).Sum(v => v * v) > 100, "the window starts inside the tone");
    }

    [Fact]
    public void SoundsAtAnotherRateThanTheFrontEndAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PhotoSoundAugmentation.Build(Pairs(2, 16000), AudioVisualExamples.FsddFrontEnd(), 4, 16, 1));
        Assert.Contains("16000 Hz", e.Message);
    }
}
