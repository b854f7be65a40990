using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets.SyncVideos;

public sealed class SyncVideoGeneratorTests : IDisposable
{
    private readonly TinyAvMnistFsdd _data = new();

    public void Dispose() => _data.Dispose();

    private static DigitVideoOptions Quiet(int size = 8) => new() { Size = size, Seconds = 3, NoiseLevel = 0 };

    [Fact]
    public void DigitSoundsStartOnTheSampleOfTheFrameThatShowsTheDigit()
    {
        var videos = DigitVideos.Generate(_data.Source, Split.All, 6, seed: 3, Quiet());
        foreach (var video in videos)
        {
            Assert.NotEmpty(video.Events);
            Assert.Equal(8000 * 3, video.Audio.Length);
            int plane = video.FrameSize;
            foreach (var e in video.Events)
            {
                // The frame before the onset is blank (a gap of at least one frame), the onset frame shows the digit's row.
                if (e.Frame > 0) Assert.All(video.Frames.AsSpan((e.Frame - 1) * plane, plane).ToArray(), v => Assert.Equal(0f, v));
                var shown = video.Frames.AsSpan(e.Frame * plane, plane).ToArray();
                Assert.True(shown[(e.Label % 8) * 8] > 0, $"{video.Name}: frame {e.Frame} does not show digit {e.Label}");
                // The soundtrack is silent (no noise) until the sample of that frame, and then plays one of the digit's recordings exactly.
                long start = video.SampleAt(e.Frame);
                Assert.Equal(e.Frame * 320L, start);
                if (start > 0) Assert.Equal(0f, video.Audio[start - 1]);
                int length = (int)Math.Min(TinyAvMnistFsdd.Tone(e.Label, 440).Length, video.Audio.Length - start);
                var played = video.Audio.AsSpan((int)start, length).ToArray();
                bool matches = new[] { 440.0, 660.0 }.Any(f => TinyAvMnistFsdd.Tone(e.Label, f).AsSpan(0, length).SequenceEqual(played));
                Assert.True(matches, $"{video.Name}: the sound at sample {start} is not a recording of digit {e.Label}");
            }
        }
    }

    [Fact]
    public void DigitsStayUntilTheirSoundEndsAndTheScreenIsBlankBetween()
    {
        var video = DigitVideos.Generate(_data.Source, Split.All, 1, seed: 9, Quiet())[0];
        int plane = video.FrameSize;
        for (int f = 0; f < video.FrameCount; f++)
        {
            bool blank = video.Frames.AsSpan(f * plane, plane).ToArray().All(v => v == 0);
            var frameAudio = video.Audio.AsSpan((int)video.SampleAt(f), 320).ToArray();
            if (blank) Assert.All(frameAudio, v => Assert.Equal(0f, v)); // never speech on a blank screen
        }
    }

    [Fact]
    public void VideosDependOnlyOnSeedAndIndex()
    {
        var three = DigitVideos.Generate(_data.Source, Split.All, 3, seed: 5, Quiet());
        var five = DigitVideos.Generate(_data.Source, Split.All, 5, seed: 5, Quiet());
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(three[i].Frames, five[i].Frames);
            Assert.Equal(three[i].Audio, five[i].Audio);
            Assert.Equal(three[i].Events, five[i].Events);
        }
        Assert.NotEqual(three[0].Audio, DigitVideos.Generate(_data.Source, Split.All, 1, seed: 6, Quiet())[0].Audio);
    }

    [Fact]
    public void SplitsAndSpeakersChooseTheRecordings()
    {
        // Speaker b's only take is 0 (the test split); speaker a's is 5 (train): a test-split video speaks in b's voice (660 Hz).
        var video = DigitVideos.Generate(_data.Source.WhereSpeaker(s => s == "b"), Split.All, 1, seed: 1, Quiet())[0];
        var e = video.Events[0];
        Assert.Equal(TinyAvMnistFsdd.Tone(e.Label, 660)[0], video.Audio[video.SampleAt(e.Frame)]);
        Assert.Throws<InvalidOperationException>(() => DigitVideos.Generate(_data.Source.WhereSpeaker(s => s == "b"), Split.Train, 1, 1, Quiet()));
    }

    [Fact]
    public void ImpactSoundsStartOnTheSampleOfTheFrameOfTheHit()
    {
        var options = new ImpactVideoOptions { Seconds = 6, NoiseLevel = 0, MinShapes = 1, MaxShapes = 1 };
        foreach (var video in ImpactVideos.Generate(8, seed: 2, options))
        {
            Assert.NotEmpty(video.Events);
            var hits = video.Events.Select(e => video.SampleAt(e.Frame)).ToHashSet();
            // Every sound starts at a hit's sample: silence (exact zeros with no noise) right before, sound right after.
            for (int n = 1; n < video.Audio.Length; n++)
                if (video.Audio[n] != 0 && video.Audio[n - 1] == 0 && IsSilentBefore(video.Audio, n, 1600))
                    Assert.Contains((long)n, hits);
            foreach (var e in video.Events)
            {
                long n = video.SampleAt(e.Frame);
                Assert.True(video.Audio.AsSpan((int)n, 40).ToArray().Any(v => v != 0), $"{video.Name}: no sound at the hit of frame {e.Frame}");
                // On the frame of a hit the shape is at a wall: its pixels come within its radius (at most 5) of an edge.
                Assert.True(NearEdge(video, e.Frame, 5), $"{video.Name}: the shape is not at a wall on hit frame {e.Frame}");
            }
        }
    }

    [Fact]
    public void ImpactShapesHaveTheirOwnTimbre()
    {
        var options = new ImpactVideoOptions { Seconds = 8, NoiseLevel = 0, MinShapes = 1, MaxShapes = 1 };
        var bySound = ImpactVideos.Generate(12, seed: 4, options).Where(v => v.Events.Count > 0)
            .GroupBy(v => v.Events[0].Label).ToDictionary(g => g.Key, g => g.First());
        Assert.True(bySound.Count >= 2, "the seed should give at least two shapes");
        // The dominant frequency of the first hit differs between shapes.
        var peaks = bySound.ToDictionary(p => p.Key, p => DominantFrequency(p.Value.Audio.AsSpan((int)p.Value.SampleAt(p.Value.Events[0].Frame), 256)));
        Assert.Equal(peaks.Count, peaks.Values.Distinct().Count());
    }

    [Fact]
    public void WindowsDelayTheAudioByWholeFrames()
    {
        var video = DigitVideos.Generate(_data.Source, Split.All, 1, seed: 2, new DigitVideoOptions { Size = 8, Seconds = 3 })[0];
        var window = video.Window(10, 30, audioDelayFrames: 4);
        Assert.Equal(30, window.FrameCount);
        Assert.Equal(video.Frames.AsSpan(10 * 64, 30 * 64).ToArray(), window.Frames);
        Assert.Equal(30 * 320, window.Audio.Length);
        // Delayed by 4 frames: the window's sound at its frame 4 is the video's sound at frame 10.
        Assert.Equal(video.Audio.AsSpan(10 * 320, 100).ToArray(), window.Audio.AsSpan(4 * 320, 100).ToArray());
        // Before the soundtrack's start there is silence.
        var early = video.AudioSpan(-2, 6, audioDelayFrames: 1);
        Assert.All(early.AsSpan(0, 3 * 320).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(video.Audio.AsSpan(0, 320).ToArray(), early.AsSpan(3 * 320, 320).ToArray());
        Assert.Equal(7, video.Segments(10).Count()); // 75 frames: 7 whole segments of 10
    }

    [Fact]
    public void VideosBecomeRowsWithTheirSpectrogramAndFrontEnd()
    {
        var videos = DigitVideos.Generate(_data.Source, Split.All, 3, seed: 2, new DigitVideoOptions { Size = 8, Seconds = 2 });
        var frontEnd = AudioVisualExamples.FsddFrontEnd();
        var view = SyncVideoData.Load(new MLContext(1), videos, frontEnd);
        var frames = (VectorDataViewType)view.Schema[SyncVideoData.FramesColumnName].Type;
        Assert.Equal([50, 1, 8, 8], frames.Dimensions.ToArray());
        var spectrogram = view.Schema[SyncVideoData.SpectrogramColumnName];
        Assert.Equal([40, 201], ((VectorDataViewType)spectrogram.Type).Dimensions.ToArray()); // 4 columns per frame, plus the centred last one
        Assert.Equal(80, AudioFrontEndAnnotation.Read(spectrogram)!.Options.HopLength);
        Assert.Equal(3, view.GetRowCount());
        var mixed = new[] { videos[0], videos[1].Window(0, 40) };
        var error = Assert.Throws<ArgumentException>(() => SyncVideoData.Load(new MLContext(1), mixed, frontEnd));
        Assert.Contains("Segments", error.Message);
    }

    [Fact]
    public void BadSettingsNameTheSetting()
    {
        Assert.Contains("MaxGap", Assert.Throws<ArgumentOutOfRangeException>(() => DigitVideos.Generate(_data.Source, Split.All, 1, 1, new DigitVideoOptions { MinGap = 0.5, MaxGap = 0.1 })).Message);
        Assert.Contains("MaxSpeed", Assert.Throws<ArgumentOutOfRangeException>(() => ImpactVideos.Generate(1, 1, new ImpactVideoOptions { MaxSpeed = 4 })).Message);
        Assert.Contains("Size", Assert.Throws<ArgumentOutOfRangeException>(() => ImpactVideos.Generate(1, 1, new ImpactVideoOptions { Size = 16 })).Message);
    }

    private static bool IsSilentBefore(float[] audio, int n, int span)
    {
        for (int i = Math.Max(0, n - span); i < n; i++) if (audio[i] != 0) return false;
        return true;
    }

    private static bool NearEdge(SyncVideo video, int frame, int pixels)
    {
        int size = video.Width;
        var plane = video.Frames.AsSpan(frame * size * size, size * size);
        int minX = size, maxX = -1, minY = size, maxY = -1;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (plane[y * size + x] > 0)
                {
                    minX = Math.Min(minX, x);
                    maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y);
                    maxY = Math.Max(maxY, y);
                }
        return minX <= pixels - 1 || minY <= pixels - 1 || maxX >= size - pixels || maxY >= size - pixels;
    }

    private static double DominantFrequency(ReadOnlySpan<float> samples)
    {
        double best = 0, bestPower = -1;
        for (double f = 100; f < 4000; f += 20)
        {
            double re = 0, im = 0;
            for (int n = 0; n < samples.Length; n++)
            {
                re += samples[n] * Math.Cos(2 * Math.PI * f * n / 8000);
                im += samples[n] * Math.Sin(2 * Math.PI * f * n / 8000);
            }
            if (re * re + im * im > bestPower) (best, bestPower) = (f, re * re + im * im);
        }
        return Math.Round(best / 200) * 200;
    }
}
