using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Media;

public sealed class VideoFrameLoaderTests
{
    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    private sealed class WrongRow
    {
        public float Path { get; set; }
    }

    [Fact]
    public void PassesTheEstimatorWorkout()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        var clips = new[] { Ffmpeg.MakeClip(folder.File("a.mp4"), 2, fps: 10, width: 48, height: 32), Ffmpeg.MakeClip(folder.File("b.mkv"), 2, fps: 12, width: 40, height: 40) };
        var valid = context.Data.LoadFromEnumerable(clips.Select(p => new PathRow { Path = p }));
        var wrong = context.Data.LoadFromEnumerable([new WrongRow { Path = 1 }]);
        var estimator = context.AudioVisual().LoadVideoFrames(new VideoFrameLoaderOptions
        {
            FrameCount = 3, Width = 16, Height = 12, SampleRate = 8000, AudioDuration = 0.5, ClipStart = 0.25,
        });

        var transformer = EstimatorWorkout.Run(context, estimator, valid, wrong, "Path", "Frames", "Audio");

        var output = transformer.Transform(valid);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3, 3, 12, 16), output.Schema["Frames"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 4000), output.Schema["Audio"].Type);
        int rate = 0;
        output.Schema["Audio"].Annotations.GetValue(VideoFrameLoaderTransformer.SampleRateAnnotation, ref rate);
        Assert.Equal(8000, rate);
        var frames = EstimatorWorkout.ReadFloats(output, "Frames");
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.InRange(f.Average(), 0.05f, 0.95f));
        // Frames at the centres of three equal segments of [0.25 s, end).
        var times = ReadTimes(output);
        Assert.Equal(0.5, times[0][0], 1);
        Assert.Equal(1.7, times[0][2], 3); // 1.75 s falls within frame 17 (10 fps)
    }

    [Fact]
    public void OnlyActiveColumnsAreDecoded()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        // A video without audio: asking only for frames must work; the audio column would fail.
        var path = Ffmpeg.MakeClip(folder.File("mute.mp4"), 1, audio: false, width: 32, height: 32);
        var data = context.Data.LoadFromEnumerable([new PathRow { Path = path }]);
        var output = context.AudioVisual().LoadVideoFrames(frameCount: 2, width: 8, height: 8).Fit(data).Transform(data);
        Assert.Single(EstimatorWorkout.ReadFloats(output, "Frames"));
        var error = Assert.Throws<MediaLoadException>(() => EstimatorWorkout.ReadFloats(output, "Audio"));
        Assert.Equal(MediaProblem.NoAudioStream, error.Problem);
        Assert.Contains("mute.mp4", error.Message);
    }

    [Fact]
    public void SkipPolicyDropsBadRowsAndLogsACount()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        var messages = new List<string>();
        context.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var good = Ffmpeg.MakeClip(folder.File("good.mp4"), 1, width: 32, height: 32);
        var corrupt = folder.File("corrupt.mp4");
        File.WriteAllText(corrupt, "definitely not a video");
        var rows = new[] { good, folder.File("missing.mp4"), corrupt, good }.Select(p => new PathRow { Path = p });
        var data = context.Data.LoadFromEnumerable(rows);
        var options = new VideoFrameLoaderOptions { Width = 8, Height = 8, AudioDuration = 0.5, OnInvalidMedia = InvalidMediaHandling.SkipRow };
        var output = context.AudioVisual().LoadVideoFrames(options).Fit(data).Transform(data);

        Assert.Equal(2, EstimatorWorkout.ReadFloats(output, "Audio").Count);
        Assert.Contains(messages, m => m.Contains("missing.mp4") && m.Contains("does not exist"));
        Assert.Contains(messages, m => m.Contains("corrupt.mp4") && m.Contains("FFmpeg"));
        Assert.Contains(messages, m => m.Contains("Skipped 2 of 4 rows"));

        options.OnInvalidMedia = InvalidMediaHandling.Throw;
        var strict = context.AudioVisual().LoadVideoFrames(options).Fit(data).Transform(data);
        Assert.Throws<MediaLoadException>(() => EstimatorWorkout.ReadFloats(strict, "Audio"));
    }

    [Fact]
    public void CentredSamplingAndVariableLengthAudio()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        var path = Ffmpeg.MakeClip(folder.File("c.mp4"), 3, fps: 10, width: 32, height: 32);
        var data = context.Data.LoadFromEnumerable([new PathRow { Path = path }]);
        var options = new VideoFrameLoaderOptions { FrameCount = 3, CenterTime = 1.5, FrameStride = 1.0, Width = 8, Height = 8, SampleRate = 8000, AudioDuration = null, AudioStart = 1.0, ClipDuration = 1.5 };
        var output = context.AudioVisual().LoadVideoFrames(options).Fit(data).Transform(data);
        Assert.Equal([0.5, 1.5, 2.5], ReadTimes(output)[0].Select(t => Math.Round(t, 3)));
        Assert.True(output.Schema["Audio"].Type is VectorDataViewType { IsKnownSize: false });
        Assert.Equal(12000, EstimatorWorkout.ReadFloats(output, "Audio")[0].Length);
    }

    [Fact]
    public void InvalidOptionsAreRejectedUpFront()
    {
        var catalog = new MLContext().AudioVisual();
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.LoadVideoFrames(new VideoFrameLoaderOptions { FrameCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.LoadVideoFrames(new VideoFrameLoaderOptions { SampleRate = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.LoadVideoFrames(new VideoFrameLoaderOptions { FrameTimes = [0.5, double.NaN] }));
        Assert.Throws<ArgumentException>(() => catalog.LoadVideoFrames(new VideoFrameLoaderOptions { FramesColumnName = null, FrameTimesColumnName = null, AudioColumnName = null }));
    }

    private static List<double[]> ReadTimes(IDataView view)
    {
        var column = view.Schema["FrameTimes"];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<double>>(column);
        var rows = new List<double[]>();
        VBuffer<double> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows.Add(value.DenseValues().ToArray());
        }
        return rows;
    }
}
