using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// The self-supervised source over a folder of real videos: one row per (video, moment t), to be decoded by
/// <see cref="VideoFrameLoaderEstimator"/> into the frame at t and the audio around t. Every row's audio is cut
/// around one of its frames, so a negative (audio of another video) is frame-aligned like a positive and the
/// network cannot learn the timing shortcut. The video id is the group column.
/// </summary>
public static class VideoCorrespondenceSource
{
    /// <summary>Column with the video file.</summary>
    public const string PathColumnName = "Path";

    /// <summary>Column with the moment in seconds.</summary>
    public const string TimeColumnName = "Time";

    /// <summary>Column with the video id (the group: negatives come from other videos).</summary>
    public const string VideoIdColumnName = "VideoId";

    private static readonly string[] VideoExtensions = [".mp4", ".mkv", ".webm", ".mov", ".avi", ".mpg", ".mpeg", ".m4v", ".ogv"];

    /// <summary>A row of the source.</summary>
    public sealed class Row
    {
        /// <summary>The video file.</summary>
        public string Path { get; set; } = "";

        /// <summary>Seconds from the start of the video.</summary>
        public double Time { get; set; }

        /// <summary>Index of the video in the sorted file list.</summary>
        public int VideoId { get; set; }
    }

    /// <summary>
    /// Rows for every video under <paramref name="folder"/> that has both a video and an audio stream: moments every
    /// <paramref name="step"/> seconds, at least half the audio window from either end, at most <paramref name="maxPerVideo"/>
    /// per video. Files FFmpeg cannot read, or without one of the streams, are left out and counted in <paramref name="skipped"/>.
    /// </summary>
    public static IReadOnlyList<Row> Scan(string folder, out IReadOnlyList<string> skipped, double step = 1.0, double audioSeconds = 1.0, int maxPerVideo = int.MaxValue)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Video folder '{folder}' does not exist.");
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), $"The step must be positive, got {step}.");
        var rows = new List<Row>();
        var left = new List<string>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => VideoExtensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            MediaInfo info;
            try
            {
                info = MediaDecoder.Probe(file);
            }
            catch (MediaLoadException)
            {
                left.Add(file);
                continue;
            }
            if (info.Video is null || info.Audio is null || info.IsStillImage)
            {
                left.Add(file);
                continue;
            }
            double end = Math.Min(info.Video.StartTime + info.Video.Duration, info.Audio.StartTime + info.Audio.Duration);
            int id = rows.Count == 0 ? 0 : rows[^1].VideoId + 1;
            int taken = 0;
            for (double t = audioSeconds / 2; t + audioSeconds / 2 <= end && taken < maxPerVideo; t += step, taken++)
                rows.Add(new Row { Path = file, Time = t, VideoId = id });
            if (taken == 0) left.Add(file);
        }
        skipped = left;
        return rows;
    }

    /// <summary>The rows as a data view (<c>Path</c>, <c>Time</c>, <c>VideoId</c>).</summary>
    public static IDataView Load(MLContext context, IEnumerable<Row> rows) => context.Data.LoadFromEnumerable(rows.ToList());

    /// <summary>
    /// Loader options for the rows: the frame at <c>Time</c> as <c>Frames</c> (<c>[1, 3, size, size]</c>, centre crop) and
    /// <paramref name="audioSeconds"/> of audio centred on it as <c>Audio</c>; silent or broken moments are skipped and counted.
    /// </summary>
    public static VideoFrameLoaderOptions LoaderOptions(int size = 64, int sampleRate = 16000, double audioSeconds = 1.0) => new()
    {
        InputColumnName = PathColumnName,
        CenterTimeColumnName = TimeColumnName,
        FrameCount = 1,
        FrameTimesColumnName = null,
        AudioColumnName = "Audio",
        Width = size,
        Height = size,
        Resize = ResizeMode.CenterCrop,
        SampleRate = sampleRate,
        AudioDuration = audioSeconds,
        OnInvalidMedia = InvalidMediaHandling.SkipRow,
    };
}
