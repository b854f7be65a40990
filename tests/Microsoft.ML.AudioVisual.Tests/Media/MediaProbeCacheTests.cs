using Microsoft.ML.AudioVisual.Media;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Media;

public sealed class MediaProbeCacheTests
{
    [Fact]
    public void ProbesAFileOnceUntilItChanges()
    {
        using var folder = new TempFolder();
        var path = Ffmpeg.MakeClip(folder.File("clip.mp4"), 1, fps: 10, width: 32, height: 24);
        var first = MediaDecoder.Probe(path);
        Assert.Same(first, MediaDecoder.Probe(path));
        Assert.Same(first, MediaDecoder.Probe(Path.Combine(folder.Path, ".", "clip.mp4"))); // the same file by another name

        Ffmpeg.MakeClip(path, 2, fps: 10, width: 32, height: 24); // rewritten: another length and time stamp
        var second = MediaDecoder.Probe(path);
        Assert.NotSame(first, second);
        Assert.Equal(1.0, first.Duration, 1);
        Assert.Equal(2.0, second.Duration, 1);
    }

    [Fact]
    public void DoesNotRememberFailures()
    {
        using var folder = new TempFolder();
        var path = folder.File("clip.mp4");
        File.WriteAllText(path, "not a video");
        Assert.Throws<MediaLoadException>(() => MediaDecoder.Probe(path));
        Ffmpeg.MakeClip(path, 1, fps: 10, width: 32, height: 24);
        Assert.NotNull(MediaDecoder.Probe(path).Video);
    }
}
