using System.Text.Json.Serialization;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>What to do with a row whose media cannot be loaded as asked.</summary>
public enum InvalidMediaHandling
{
    /// <summary>Throw a <see cref="MediaLoadException"/> naming the file and the cause (the default).</summary>
    Throw,
    /// <summary>Drop the row, log a warning naming the file and the cause, and log the number of dropped rows when the cursor ends.</summary>
    SkipRow,
}

/// <summary>
/// Options of <see cref="VideoFrameLoaderEstimator"/>. Which frames are taken, in order of precedence:
/// <see cref="FrameTimes"/> (explicit); <see cref="CenterTime"/> with <see cref="FrameStride"/> (Sound of
/// Pixels: the centre frame and neighbours <c>stride</c> seconds apart); <see cref="FramesPerSecond"/>
/// (<see cref="FrameCount"/> frames from <see cref="ClipStart"/> at that rate); otherwise
/// <see cref="FrameCount"/> frames at the centres of equal segments of the clip.
/// </summary>
public sealed class VideoFrameLoaderOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default input column.</summary>
        public const string InputColumnName = "Path";
        /// <summary>Default frames column.</summary>
        public const string FramesColumnName = "Frames";
        /// <summary>Default frame-times column.</summary>
        public const string FrameTimesColumnName = "FrameTimes";
        /// <summary>Default audio column.</summary>
        public const string AudioColumnName = "Audio";
        /// <summary>Default frame size.</summary>
        public const int Size = 224;
        /// <summary>Default audio rate.</summary>
        public const int SampleRate = 16000;
    }

    /// <summary>Text column with file paths (absolute, or relative to <see cref="MediaFolder"/>).</summary>
    public string InputColumnName { get; set; } = Defaults.InputColumnName;

    /// <summary>Folder that relative paths are resolved against; null for the current directory.</summary>
    public string? MediaFolder { get; set; }

    /// <summary>Output column of frames, <c>Vector&lt;Single, T, 3, H, W&gt;</c>; null to not decode frames.</summary>
    public string? FramesColumnName { get; set; } = Defaults.FramesColumnName;

    /// <summary>Output column of frame presentation times in seconds, <c>Vector&lt;Double, T&gt;</c>; null to omit.</summary>
    public string? FrameTimesColumnName { get; set; } = Defaults.FrameTimesColumnName;

    /// <summary>Output column of mono audio, <c>Vector&lt;Single, N&gt;</c>; null to not decode audio.</summary>
    public string? AudioColumnName { get; set; } = Defaults.AudioColumnName;

    /// <summary>Frames per row (T), unless <see cref="FrameTimes"/> is set.</summary>
    public int FrameCount { get; set; } = 1;

    /// <summary>Frame rate for evenly timed frames from <see cref="ClipStart"/>; null for segment centres.</summary>
    public double? FramesPerSecond { get; set; }

    /// <summary>Explicit frame times in seconds from the media start; overrides the other frame settings.</summary>
    public double[]? FrameTimes { get; set; }

    /// <summary>Centre time for Sound-of-Pixels sampling: frames at <c>center + (i - (T-1)/2) * stride</c>.</summary>
    public double? CenterTime { get; set; }

    /// <summary>
    /// Optional Double or Single column giving each row its own centre time (seconds): frames are taken as with
    /// <see cref="CenterTime"/>, and the audio window is centred on it unless <see cref="AudioStart"/> is set.
    /// This is how a self-supervised source samples many moments of one video.
    /// </summary>
    public string? CenterTimeColumnName { get; set; }

    /// <summary>Seconds between frames with <see cref="CenterTime"/>.</summary>
    public double FrameStride { get; set; } = 1.0;

    /// <summary>Start of the clip in seconds from the media start.</summary>
    public double ClipStart { get; set; }

    /// <summary>Length of the clip in seconds; null for the rest of the media.</summary>
    public double? ClipDuration { get; set; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; set; } = Defaults.Size;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; set; } = Defaults.Size;

    /// <summary>How pictures are fitted to <see cref="Width"/> x <see cref="Height"/>.</summary>
    public ResizeMode Resize { get; set; } = ResizeMode.Stretch;

    /// <summary>How RGB bytes become floats (default: divided by 255).</summary>
    public PixelScaling Scaling { get; set; } = PixelScaling.UnitRange;

    /// <summary>Audio samples per second.</summary>
    public int SampleRate { get; set; } = Defaults.SampleRate;

    /// <summary>Audio start in seconds from the media start; null for <see cref="ClipStart"/>.</summary>
    public double? AudioStart { get; set; }

    /// <summary>
    /// Seconds of audio per row, giving a fixed-size <c>Vector&lt;Single, round(duration * rate)&gt;</c>; null for
    /// the rest of the clip as a variable-size vector.
    /// </summary>
    public double? AudioDuration { get; set; } = 1.0;

    /// <summary>
    /// When true, a clip shorter than asked is completed: missing audio with zeros (silence) and missing
    /// frames with the last frame. When false (default) it is invalid media (see <see cref="OnInvalidMedia"/>).
    /// </summary>
    public bool PadShortClips { get; set; }

    /// <summary>When false (default), all-zero audio is invalid media; set true to accept silent tracks.</summary>
    public bool AllowSilentAudio { get; set; }

    /// <summary>Missing, corrupt, stream-less, too short or silent media: throw (default) or skip the row.</summary>
    public InvalidMediaHandling OnInvalidMedia { get; set; } = InvalidMediaHandling.Throw;

    /// <summary>Stops decoding (FFmpeg processes are killed) when cancelled.</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Frames per row as configured.</summary>
    [JsonIgnore]
    public int EffectiveFrameCount => FrameTimes?.Length ?? FrameCount;

    /// <summary>Where a row's audio starts: <see cref="AudioStart"/>, else centred on the row's centre time, else <see cref="ClipStart"/>.</summary>
    internal double ResolveAudioStart(double? rowCenter) =>
        AudioStart ?? (rowCenter is double c && AudioDuration is double d ? Math.Max(0, c - d / 2) : ClipStart);

    /// <summary>Audio samples per row, or null when variable.</summary>
    [JsonIgnore]
    public int? AudioSampleCount => AudioDuration is double d ? (int)Math.Round(d * SampleRate) : null;

    /// <summary>A copy (the explicit time array is copied too).</summary>
    public VideoFrameLoaderOptions Clone()
    {
        var copy = (VideoFrameLoaderOptions)MemberwiseClone();
        copy.FrameTimes = FrameTimes?.ToArray();
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("An input column name is required.", nameof(InputColumnName));
        if (FramesColumnName is null && AudioColumnName is null && FrameTimesColumnName is null)
            throw new ArgumentException("At least one output column (frames, frame times or audio) is required.", nameof(FramesColumnName));
        if (FrameTimes is { Length: 0 }) throw new ArgumentException("FrameTimes must not be empty.", nameof(FrameTimes));
        foreach (var t in FrameTimes ?? [])
            if (!(t >= 0 && double.IsFinite(t))) throw new ArgumentOutOfRangeException(nameof(FrameTimes), $"Frame times must be non-negative seconds, got {t}.");
        if (FrameTimes is null && FrameCount <= 0) throw new ArgumentOutOfRangeException(nameof(FrameCount), $"FrameCount must be positive, got {FrameCount}.");
        if (FramesPerSecond is double fps && !(fps > 0 && double.IsFinite(fps))) throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), $"FramesPerSecond must be positive, got {fps}.");
        if (!(FrameStride >= 0 && double.IsFinite(FrameStride))) throw new ArgumentOutOfRangeException(nameof(FrameStride), $"FrameStride must be non-negative, got {FrameStride}.");
        if (!(ClipStart >= 0 && double.IsFinite(ClipStart))) throw new ArgumentOutOfRangeException(nameof(ClipStart), $"ClipStart must be non-negative seconds, got {ClipStart}.");
        if (ClipDuration is double cd && !(cd > 0 && double.IsFinite(cd))) throw new ArgumentOutOfRangeException(nameof(ClipDuration), $"ClipDuration must be positive, got {cd}.");
        if (Width <= 0 || Height <= 0) throw new ArgumentOutOfRangeException(nameof(Width), $"Frame size must be positive, got {Width}x{Height}.");
        if (SampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(SampleRate), $"SampleRate must be positive, got {SampleRate}.");
        if (AudioStart is double s && !(s >= 0 && double.IsFinite(s))) throw new ArgumentOutOfRangeException(nameof(AudioStart), $"AudioStart must be non-negative seconds, got {s}.");
        if (CenterTimeColumnName is not null && AudioDuration is null && AudioColumnName is not null)
            throw new ArgumentException("Centring audio on a per-row time needs a fixed AudioDuration.", nameof(AudioDuration));
        if (AudioDuration is double ad && !(ad > 0 && double.IsFinite(ad) && Math.Round(ad * SampleRate) >= 1))
            throw new ArgumentOutOfRangeException(nameof(AudioDuration), $"AudioDuration must give at least one sample, got {ad} s at {SampleRate} Hz.");
    }

    /// <summary>The frame times (seconds from the media start) for a file of the given duration, and a row's centre time if any.</summary>
    internal double[] ResolveFrameTimes(MediaInfo info, double? rowCenter = null)
    {
        if (FrameTimes is not null) return FrameTimes.ToArray();
        int count = FrameCount;
        var times = new double[count];
        if ((rowCenter ?? CenterTime) is double center)
        {
            for (int i = 0; i < count; i++) times[i] = Math.Max(0, center + (i - (count - 1) / 2.0) * FrameStride);
        }
        else if (FramesPerSecond is double fps)
        {
            for (int i = 0; i < count; i++) times[i] = ClipStart + i / fps;
        }
        else
        {
            double end = ClipDuration is double d ? ClipStart + d : (info.Video is { } v ? v.StartTime + v.Duration : info.Duration);
            double span = Math.Max(0, end - ClipStart);
            for (int i = 0; i < count; i++) times[i] = ClipStart + (i + 0.5) * span / count;
        }
        return times;
    }
}
