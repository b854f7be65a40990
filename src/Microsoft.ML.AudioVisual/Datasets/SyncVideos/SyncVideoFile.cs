using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Reads real videos (anything FFmpeg reads) as <see cref="SyncVideo"/>s through <c>LoadVideoFrames</c>.</summary>
public static class SyncVideoFile
{
    /// <summary>
    /// Decodes a video: frames at <paramref name="framesPerSecond"/> from its start (centre-cropped to a
    /// <paramref name="size"/> square, grey when <paramref name="channels"/> is 1) and the mono soundtrack of the same span
    /// at <paramref name="sampleRate"/> (a soundtrack that ends a little early is completed with silence).
    /// </summary>
    /// <param name="context">The ML.NET context of the decoding pipeline.</param>
    /// <param name="path">The video file.</param>
    /// <param name="framesPerSecond">Frame rate to sample at.</param>
    /// <param name="size">Frame side in pixels.</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="sampleRate">Audio rate.</param>
    /// <param name="maxSeconds">Read at most this much from the start; null for all.</param>
    /// <exception cref="MediaLoadException">The file cannot be read, has no video or audio stream, or is silent.</exception>
    public static SyncVideo Load(MLContext context, string path, double framesPerSecond, int size, int channels, int sampleRate, double? maxSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Videos are read as 1 (grey) or 3 (RGB) channels.");
        var info = MediaDecoder.Probe(path);
        if (info.Video is null || info.IsStillImage) throw new MediaLoadException(path, MediaProblem.NoVideoStream, "the file has no video stream.");
        if (info.Audio is null) throw new MediaLoadException(path, MediaProblem.NoAudioStream, "the file has no audio stream.");
        double seconds = Math.Min(info.Video.Duration, maxSeconds ?? double.PositiveInfinity);
        int frameCount = (int)Math.Floor(seconds * framesPerSecond + 1e-6);
        if (frameCount < 1) throw new MediaLoadException(path, MediaProblem.TooShort, $"the video lasts {info.Video.Duration:0.###} s, less than one frame at {framesPerSecond} fps.");
        var options = new VideoFrameLoaderOptions
        {
            FramesPerSecond = framesPerSecond,
            FrameCount = frameCount,
            FrameTimesColumnName = null,
            Width = size,
            Height = size,
            Resize = ResizeMode.CenterCrop,
            SampleRate = sampleRate,
            AudioDuration = frameCount / framesPerSecond,
            PadShortClips = true,
        };
        var input = context.Data.LoadFromEnumerable([new PathRow { Path = path }]);
        var decoded = context.AudioVisual().LoadVideoFrames(options).Fit(input).Transform(input);
        using var cursor = decoded.GetRowCursor(decoded.Schema);
        var framesGetter = cursor.GetGetter<VBuffer<float>>(decoded.Schema[options.FramesColumnName!]);
        var audioGetter = cursor.GetGetter<VBuffer<float>>(decoded.Schema[options.AudioColumnName!]);
        VBuffer<float> frames = default, audio = default;
        cursor.MoveNext();
        framesGetter(ref frames);
        audioGetter(ref audio);
        var video = new SyncVideo(frames.DenseValues().ToArray(), frameCount, 3, size, size, framesPerSecond, audio.DenseValues().ToArray(), sampleRate,
            name: System.IO.Path.GetFileName(path));
        return channels == 1 ? video.ToGrey() : video;
    }

    /// <summary>
    /// Every video under <paramref name="folder"/> (by extension, sorted, subfolders included) that has a picture and a sound
    /// (see <see cref="Load"/>); files FFmpeg cannot read as such, or silent ones, are left out and named in <paramref name="skipped"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<SyncVideo> LoadFolder(MLContext context, string folder, double framesPerSecond, int size, int channels, int sampleRate,
        out IReadOnlyList<string> skipped)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Video folder '{folder}' does not exist.");
        var videos = new List<SyncVideo>();
        var left = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                     .Where(f => Downstream.MediaFileKinds.Of(f) == Downstream.MediaModality.Video).Order(StringComparer.Ordinal))
        {
            try
            {
                videos.Add(Load(context, file, framesPerSecond, size, channels, sampleRate));
            }
            catch (MediaLoadException e)
            {
                left.Add($"{file}: {e.Message}");
            }
        }
        skipped = left;
        return videos;
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }
}
