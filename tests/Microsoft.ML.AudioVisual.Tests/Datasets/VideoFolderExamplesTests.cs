using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class VideoFolderExamplesTests
{
    [Fact]
    public void DecodesEveryMomentOnceLabelledByItsVideoAndCountsWhatItLeftOut()
    {
        using var folder = new TempFolder();
        ToyVideos.Make(folder, classes: 3, perClass: 1, seconds: 2.2); // two moments each (t = 0.5 s and 1.5 s)
        var silent = folder.File("silent.mkv"); // PCM: digital silence stays exactly zero
        Ffmpeg.Run("-f", "lavfi", "-i", "color=c=white:size=32x32:rate=10:duration=2.2", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono",
            "-t", "2.2", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", silent);
        var mute = Ffmpeg.MakeClip(folder.File("mute.mp4"), 2.2, width: 32, height: 32, audio: false);

        var videos = VideoFolderExamples.Load(new MLContext(seed: 1), folder.Path, new VideoFolderOptions { FrameSize = 16 });

        var examples = videos.Examples;
        Assert.Equal(3, videos.Videos.Count);
        Assert.Equal([mute, silent], videos.UnusableVideos);
        Assert.Equal(2, videos.SkippedMoments); // the silent clip's two moments; the mute clip has none to skip
        Assert.Equal(6, videos.Moments);
        Assert.Equal([3, 16, 16], examples.ImageShape);
        Assert.Equal([64, 101], examples.SpectrogramShape);
        Assert.Equal([0, 0, 1, 1, 2, 2], examples.ImageLabels);
        Assert.Equal(examples.ImageLabels, examples.AudioLabels);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (i, i)), examples.Pairs);
        // class0 is a red clip: its frames are red, and a label names the file it came from.
        Assert.EndsWith("class0_0.mp4", videos.Videos[0]);
        float red = examples.Images[0].Take(256).Average(), green = examples.Images[0].Skip(256).Take(256).Average();
        Assert.True(red > 0.8f && green < 0.2f, $"mean red {red}, green {green}");
        Assert.Contains("unusable: mute.mp4, silent.mkv", videos.Summary);
    }

    [Fact]
    public void TheTrainingViewCarriesTheFrontEndSoATrainedModelRecordsIt()
    {
        using var folder = new TempFolder();
        ToyVideos.Make(folder, classes: 2, perClass: 1);
        var context = new MLContext(seed: 1);
        var options = new VideoFolderOptions { FrameSize = 16 };
        var view = VideoFolderExamples.Load(context, folder.Path, options).TrainingView(context);

        var frontEnd = AudioFrontEndAnnotation.Read(view.Schema[AudioVisualExamples.SpectrogramColumnName]);
        Assert.NotNull(frontEnd);
        Assert.Equal(options.ClipSeconds, frontEnd.ClipSeconds);
        Assert.Equal(AudioFrontEndAnnotation.Json(new AudioFrontEnd(VideoFolderOptions.DefaultFrontEnd(), 1.0)), AudioFrontEndAnnotation.Json(frontEnd));
        Assert.NotNull(view.Schema.GetColumnOrNull(AudioVisualExamples.GroupColumnName));
    }

    [Fact]
    public void OneUsableVideoIsNotEnoughAndSaysWhy()
    {
        using var folder = new TempFolder();
        ToyVideos.Make(folder, classes: 1, perClass: 1);
        var e = Assert.Throws<InvalidDataException>(() => VideoFolderExamples.Load(new MLContext(seed: 1), folder.Path, new VideoFolderOptions { FrameSize = 16 }));
        Assert.Contains(folder.Path, e.Message);
        Assert.Contains("at least two", e.Message);
    }

    [Fact]
    public void AModelWithoutARecordedFrontEndCannotReadVideoSound()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new VideoFolderOptions().WithFrontEnd(null, "old.zip"));
        Assert.Contains("old.zip", e.Message);
        var options = new VideoFolderOptions { FrameSize = 32 }.WithFrontEnd(new AudioFrontEnd(AudioVisualExamples.FsddFrontEnd(), 1.0), "m.zip");
        Assert.Equal(8000, options.FrontEnd.SampleRate);
        Assert.Equal(32, options.FrameSize);
    }
}
