using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Synchronisation videos as a data view, one row per video: <c>Frames</c> <c>Vector&lt;Single, T, C, H, W&gt;</c>,
/// <c>Spectrogram</c> <c>Vector&lt;Single, F, S&gt;</c> of the whole soundtrack (annotated with its front-end, as a
/// <c>LogMelSpectrogram</c> stage's output is) and <c>VideoId</c>: the input of <c>AudioVisualSync</c>.
/// </summary>
public static class SyncVideoData
{
    /// <summary>The frames column (the name <c>LoadVideoFrames</c> uses).</summary>
    public const string FramesColumnName = Media.VideoFrameLoaderOptions.Defaults.FramesColumnName;

    /// <summary>The spectrogram column (the name <c>LogMelSpectrogram</c> uses).</summary>
    public const string SpectrogramColumnName = LogMelSpectrogramEstimator.DefaultOutputColumnName;

    /// <summary>The video index column.</summary>
    public const string VideoIdColumnName = VideoCorrespondenceSource.VideoIdColumnName;

    private sealed class Row
    {
        public float[] Frames { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int VideoId { get; set; }
    }

    /// <summary>
    /// The videos as rows; spectrograms are computed with <paramref name="frontEnd"/>, whose sample rate must be the videos'.
    /// </summary>
    /// <exception cref="ArgumentException">There are no videos, they differ in shape, rate or length, or the front-end's rate is not theirs.</exception>
    public static IDataView Load(MLContext context, IReadOnlyList<SyncVideo> videos, SpectrogramOptions frontEnd)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(videos);
        ArgumentNullException.ThrowIfNull(frontEnd);
        if (videos.Count == 0) throw new ArgumentException("There are no videos.", nameof(videos));
        var first = videos[0];
        foreach (var video in videos)
        {
            if (video.FrameCount != first.FrameCount || video.Channels != first.Channels || video.Height != first.Height || video.Width != first.Width ||
                video.Audio.Length != first.Audio.Length || video.SampleRate != first.SampleRate || video.FramesPerSecond != first.FramesPerSecond)
                throw new ArgumentException($"'{video.Name}' ({Describe(video)}) differs from '{first.Name}' ({Describe(first)}): rows need one shape; cut videos with SyncVideo.Segments.", nameof(videos));
        }
        if (frontEnd.SampleRate != first.SampleRate)
            throw new ArgumentException($"The front-end runs at {frontEnd.SampleRate} Hz but the videos' audio is at {first.SampleRate} Hz.", nameof(frontEnd));
        var computer = new SpectrogramComputer(frontEnd);
        var rows = new Row[videos.Count];
        Parallel.For(0, rows.Length, i => rows[i] = new Row { Frames = videos[i].Frames, Spectrogram = computer.Compute(videos[i].Audio), VideoId = i });
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Frames)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, first.FrameCount, first.Channels, first.Height, first.Width);
        var spectrogram = schema[nameof(Row.Spectrogram)];
        spectrogram.ColumnType = new VectorDataViewType(NumberDataViewType.Single, computer.FrequencyBins, computer.FrameCount(first.Audio.Length));
        var annotation = new AudioFrontEnd(computer.Options, (double)first.Audio.Length / first.SampleRate);
        spectrogram.AddAnnotation(AudioFrontEndAnnotation.Name, AudioFrontEndAnnotation.Json(annotation).AsMemory(), TextDataViewType.Instance);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    private static string Describe(SyncVideo v) =>
        $"{v.FrameCount} frames of {v.Channels} x {v.Height} x {v.Width} at {v.FramesPerSecond} fps, {v.Audio.Length} samples at {v.SampleRate} Hz";
}
