using System.Runtime.InteropServices;
using Microsoft.ML.AudioVisual.Media;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Media;

public sealed class MediaDecoderTests
{
    private static string Video(string name) => SharedData.Path("data", "video", name);

    [SharedDataFact]
    public void ProbeReportsSizesRatesAndChannels()
    {
        var info = MediaDecoder.Probe(Video("grid/bbaf2n.mpg"));
        Assert.Equal((360, 288), (info.Video!.Width, info.Video.Height));
        Assert.Equal(25, info.Video.FrameRate, 6);
        Assert.Equal(44100, info.Audio!.SampleRate);
        Assert.Equal(2, info.Audio.Channels);
        Assert.Equal(3.0, info.Duration, 2);
        Assert.False(info.IsStillImage);

        var wav = MediaDecoder.Probe(SharedData.Path("data", "fsdd", "recordings", "3_jackson_7.wav"));
        Assert.Null(wav.Video);
        Assert.Equal(8000, wav.Audio!.SampleRate);

        var png = MediaDecoder.Probe(SharedData.Path("data", "gcompris", "animals", "cow.png"));
        Assert.True(png.IsStillImage);
        Assert.Null(png.Audio);
    }

    [SharedDataTheory]
    [InlineData("mdn/friday.mp4", 30, 64, 48)]
    [InlineData("grid/bbaf2n.mpg", 25, 90, 72)]
    public void NativeRateStretchedFramesEqualFfmpegsOwnDecode(string file, int fps, int width, int height)
    {
        var path = Video(file);
        var reference = Ffmpeg.Run("-i", path, "-vf", $"scale={width}:{height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        int frameBytes = width * height * 3;
        int frames = reference.Length / frameBytes;
        var times = Enumerable.Range(0, frames).Select(k => k / (double)fps).ToArray();

        var clip = MediaDecoder.DecodeFrames(path, times, new FrameFormat(width, height, ResizeMode.Stretch));

        Assert.Equal(frames, clip.FrameCount);
        for (int f = 0; f < frames; f++)
        {
            Assert.Equal(times[f], clip.Times[f], 3);
            Assert.True(ToPlanar(reference.AsSpan(f * frameBytes, frameBytes)).AsSpan().SequenceEqual(clip.Pixels.AsSpan(f * frameBytes, frameBytes)),
                $"{file}: frame {f} differs from ffmpeg's scale={width}:{height} rgb24 decode.");
        }
    }

    [SharedDataTheory]
    [InlineData("mdn/friday.mp4", 16000)]
    [InlineData("grid/lbax4n.mpg", 22050)]
    public void AudioEqualsFfmpegsOwnMonoDecode(string file, int rate)
    {
        var path = Video(file);
        var bytes = Ffmpeg.Run("-i", path, "-vn", "-f", "f32le", "-ac", "1", "-ar", rate.ToString(), "-");
        var reference = MemoryMarshal.Cast<byte, float>(bytes).ToArray();

        var all = MediaDecoder.DecodeAudio(path, rate);
        Assert.Equal(reference, all.Samples);

        var window = MediaDecoder.DecodeAudio(path, rate, start: 1.25, duration: 0.5);
        Assert.Equal(rate / 2, window.Samples.Length);
        Assert.Equal(reference.AsSpan((int)Math.Round(1.25 * rate), rate / 2).ToArray(), window.Samples);
    }

    [SharedDataFact]
    public void FramesFarIntoALongVideoMatchTheFrameIndex()
    {
        // 24 fps: the frame on screen at 40.02 s is frame 960 (40.0 s); at 45.5 s it is frame 1092.
        var path = Video("mdn/tears-of-steel-battle-clip-medium.webm");
        var reference = Ffmpeg.Run("-i", path, "-vf", "select='eq(n\\,960)+eq(n\\,1092)',scale=32:24", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        var clip = MediaDecoder.DecodeFrames(path, [45.5, 40.02, 45.5], new FrameFormat(32, 24));
        int plane = 32 * 24;
        Assert.Equal(reference.Length, 2 * plane * 3);
        Assert.Equal(40.0, clip.Times[1], 2);
        Assert.Equal(45.5, clip.Times[0], 2);
        for (int i = 0; i < plane; i++)
        {
            Assert.Equal(reference[3 * i] / 255f, clip.Pixels[plane * 3 + i]);            // 40.02 s -> frame 960, red
            Assert.Equal(reference[plane * 3 + 3 * i + 1] / 255f, clip.Pixels[plane + i]); // 45.5 s -> frame 1092, green
        }
        Assert.Equal(clip.Pixels.AsSpan(0, plane * 3).ToArray(), clip.Pixels.AsSpan(2 * plane * 3, plane * 3).ToArray());
    }

    [SharedDataFact]
    public void CancellationStopsFfmpeg()
    {
        var path = Video("mdn/tears-of-steel-battle-clip-medium.webm");
        var info = MediaDecoder.Probe(path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => MediaDecoder.DecodeFrames(path, [69.0], new FrameFormat(800, 332), info: info, cancellationToken: cancel.Token));
    }

    [Fact]
    public void GeneratedClipFramesAtArbitraryTimes()
    {
        using var folder = new TempFolder();
        var path = Ffmpeg.MakeClip(folder.File("clip.mp4"), seconds: 2, fps: 10, width: 64, height: 48);
        var all = Ffmpeg.Run("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        int frameBytes = 64 * 48 * 3;
        var clip = MediaDecoder.DecodeFrames(path, [0.0, 0.05, 0.1, 0.149, 1.96], new FrameFormat(64, 48));
        int[] expectedFrames = [0, 0, 1, 1, 19];
        for (int i = 0; i < expectedFrames.Length; i++)
        {
            Assert.Equal(expectedFrames[i] / 10.0, clip.Times[i], 3);
            Assert.Equal(ToPlanar(all.AsSpan(expectedFrames[i] * frameBytes, frameBytes)), clip.Pixels.AsSpan(i * frameBytes, frameBytes).ToArray());
        }
    }

    [Fact]
    public void ResizeModesKeepOrChangeTheAspectRatio()
    {
        using var folder = new TempFolder();
        var path = Ffmpeg.MakeClip(folder.File("wide.mp4"), seconds: 1, fps: 5, width: 128, height: 64, audio: false);
        var letterbox = MediaDecoder.DecodeFrames(path, [0.5], new FrameFormat(32, 32, ResizeMode.Letterbox));
        var crop = MediaDecoder.DecodeFrames(path, [0.5], new FrameFormat(32, 32, ResizeMode.CenterCrop));
        // Letterbox: a 2:1 picture in a square leaves black bars on the top and bottom rows.
        Assert.All(Enumerable.Range(0, 32), x => Assert.Equal(0f, letterbox.Pixels[x] + letterbox.Pixels[32 * 32 + x] + letterbox.Pixels[2 * 32 * 32 + x]));
        // Centre crop fills the square: the top row is the picture, not black.
        Assert.Contains(Enumerable.Range(0, 32), x => crop.Pixels[x] + crop.Pixels[32 * 32 + x] + crop.Pixels[2 * 32 * 32 + x] > 0.1f);
    }

    [SharedDataFact]
    public void StillImagesAreOneFrameClips()
    {
        var clip = MediaDecoder.DecodeFrames(SharedData.Path("data", "gcompris", "animals", "cow.png"), [0, 1, 2], new FrameFormat(16, 16));
        Assert.Equal(3, clip.FrameCount);
        Assert.Equal(clip.Pixels.AsSpan(0, 768).ToArray(), clip.Pixels.AsSpan(768, 768).ToArray());
        Assert.Contains(clip.Pixels, p => p > 0.05f);
        var error = Assert.Throws<MediaLoadException>(() => MediaDecoder.DecodeAudio(SharedData.Path("data", "gcompris", "animals", "cow.png"), 16000));
        Assert.Equal(MediaProblem.NoAudioStream, error.Problem);
    }

    [Fact]
    public void BadMediaThrowsNamingTheFileAndCause()
    {
        using var folder = new TempFolder();
        var missing = folder.File("missing.mp4");
        AssertProblem(MediaProblem.Missing, missing, () => MediaDecoder.Probe(missing));

        var empty = folder.File("empty.mp4");
        File.WriteAllBytes(empty, []);
        AssertProblem(MediaProblem.Corrupt, empty, () => MediaDecoder.DecodeAudio(empty, 16000));

        var corrupt = folder.File("corrupt.mp4");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        AssertProblem(MediaProblem.Corrupt, corrupt, () => MediaDecoder.DecodeFrames(corrupt, [0], new FrameFormat(8, 8)));

        var silentVideo = Ffmpeg.MakeClip(folder.File("noaudio.mp4"), seconds: 1, audio: false);
        AssertProblem(MediaProblem.NoAudioStream, silentVideo, () => MediaDecoder.DecodeAudio(silentVideo, 16000, 0, 0.5));

        var audioOnly = Ffmpeg.MakeClip(folder.File("novideo.m4a"), seconds: 1, video: false);
        AssertProblem(MediaProblem.NoVideoStream, audioOnly, () => MediaDecoder.DecodeFrames(audioOnly, [0.2], new FrameFormat(8, 8)));

        var shortClip = Ffmpeg.MakeClip(folder.File("short.mp4"), seconds: 1);
        AssertProblem(MediaProblem.TooShort, shortClip, () => MediaDecoder.DecodeFrames(shortClip, [0.5, 3.0], new FrameFormat(8, 8)));
        AssertProblem(MediaProblem.TooShort, shortClip, () => MediaDecoder.DecodeAudio(shortClip, 16000, 0.5, 2.0));
    }

    [Fact]
    public void ShortClipsArePaddedOnlyWhenAsked()
    {
        using var folder = new TempFolder();
        var path = Ffmpeg.MakeClip(folder.File("short.mp4"), seconds: 1, fps: 10, width: 32, height: 32);
        var audio = MediaDecoder.DecodeAudio(path, 8000, 0.5, 1.0, padShort: true);
        Assert.Equal(8000, audio.Samples.Length);
        Assert.Contains(audio.Samples.Take(3000), s => s != 0);
        Assert.All(audio.Samples.Skip(4200), s => Assert.Equal(0f, s)); // documented: silence after the end
        var frames = MediaDecoder.DecodeFrames(path, [0.9, 5.0], new FrameFormat(32, 32), padShort: true);
        Assert.Equal(frames.Pixels.AsSpan(0, 3072).ToArray(), frames.Pixels.AsSpan(3072).ToArray()); // last frame repeated
    }

    [SharedDataFact]
    public void SilentAudioIsRejectedUnlessAllowed()
    {
        var flower = Video("mdn/flower.webm");
        AssertProblem(MediaProblem.SilentAudio, flower, () => MediaDecoder.DecodeAudio(flower, 16000, 0, 1.0, allowSilence: false));
        Assert.All(MediaDecoder.DecodeAudio(flower, 16000, 0, 1.0, allowSilence: true).Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void WavIsResampledLikeTorchaudio()
    {
        using var folder = new TempFolder();
        var path = folder.File("tone.wav");
        var tone = Enumerable.Range(0, 8000).Select(i => MathF.Sin(2 * MathF.PI * 440 * i / 8000f)).ToArray();
        Microsoft.ML.AudioVisual.IO.WavFile.Write(path, tone, 8000);
        var up = MediaDecoder.DecodeAudio(path, 16000);
        Assert.Equal(16000, up.Samples.Length);
        // Away from the edges the band-limited interpolation reproduces the tone.
        for (int i = 400; i < 15600; i += 37)
            Assert.InRange(up.Samples[i] - MathF.Sin(2 * MathF.PI * 440 * i / 16000f), -2e-3f, 2e-3f);
    }

    private static float[] ToPlanar(ReadOnlySpan<byte> rgb)
    {
        int plane = rgb.Length / 3;
        var planar = new float[rgb.Length];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++) planar[c * plane + i] = rgb[3 * i + c] / 255f;
        return planar;
    }

    private static void AssertProblem(MediaProblem problem, string path, Action action)
    {
        var error = Assert.Throws<MediaLoadException>(action);
        Assert.Equal(problem, error.Problem);
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
    }
}
