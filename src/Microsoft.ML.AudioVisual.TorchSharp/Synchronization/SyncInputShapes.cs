using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// What a synchronisation model's clips look like: <see cref="ClipFrames"/> frames of <c>[C, H, W]</c> at
/// <see cref="FramesPerSecond"/>, and the spectrogram of the same span, <see cref="AudioBins"/> rows and
/// <see cref="ColumnsPerFrame"/> columns per frame, so that every audio offset is a whole number of frames and the
/// audio of a clip starts exactly with its first frame. Saved with the model.
/// </summary>
/// <param name="Channels">Frame channels.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Width">Frame width.</param>
/// <param name="AudioBins">Spectrogram rows (frequency).</param>
/// <param name="ClipFrames">Frames per clip.</param>
/// <param name="ColumnsPerFrame">Spectrogram columns per video frame.</param>
/// <param name="FramesPerSecond">Frame rate.</param>
public sealed record SyncInputShapes(int Channels, int Height, int Width, int AudioBins, int ClipFrames, int ColumnsPerFrame, double FramesPerSecond)
{
    internal const string VisualExpectation = "Vector<Single, T, C, H, W>";
    internal const string AudioExpectation = "Vector<Single, F, S>";

    /// <summary>Values per frame.</summary>
    public int FrameSize => Channels * Height * Width;

    /// <summary>Spectrogram columns per clip.</summary>
    public int ClipColumns => ClipFrames * ColumnsPerFrame;

    /// <summary>Values per visual clip <c>[ClipFrames, C, H, W]</c>.</summary>
    public int VisualClipSize => ClipFrames * FrameSize;

    /// <summary>Values per audio clip <c>[F, ClipColumns]</c>.</summary>
    public int AudioClipSize => AudioBins * ClipColumns;

    /// <summary>The last frame an audio clip can start at in a spectrogram of <paramref name="columns"/> columns (negative when none fits).</summary>
    public int LastAudioStart(int columns) => columns / ColumnsPerFrame - ClipFrames;

    /// <summary>The last frame a visual clip can start at in <paramref name="frames"/> frames (negative when none fits).</summary>
    public int LastVisualStart(int frames) => frames - ClipFrames;

    /// <summary>Copies the audio clip starting at frame <paramref name="startFrame"/> of a <c>[F, columns]</c> spectrogram into <paramref name="target"/> (<c>[F, ClipColumns]</c>).</summary>
    internal void CopyAudioClip(ReadOnlySpan<float> spectrogram, int columns, int startFrame, Span<float> target)
    {
        for (int b = 0; b < AudioBins; b++)
            spectrogram.Slice(b * columns + startFrame * ColumnsPerFrame, ClipColumns).CopyTo(target.Slice(b * ClipColumns, ClipColumns));
    }

    internal string VisualDescription => $"Vector<Single, T, {Channels}, {Height}, {Width}> with T >= {ClipFrames}";

    internal string AudioDescription => $"Vector<Single, {AudioBins}, S> with S >= {ClipColumns}";

    /// <summary>The frame and spectrogram dimensions of a schema's columns, checked: (<c>[T, C, H, W]</c>, <c>[F, S]</c>).</summary>
    internal static (int[] Visual, int[] Audio) Dimensions(DataViewSchema schema, string visualColumn, string audioColumn)
    {
        var visual = SchemaErrors.RequireFloatVector(schema, visualColumn, VisualExpectation);
        if (visual.Length != 4) throw SchemaErrors.Mismatch(visualColumn, VisualExpectation, schema[visualColumn].Type.ToString() ?? "?");
        var audio = SchemaErrors.RequireFloatVector(schema, audioColumn, AudioExpectation);
        if (audio.Length != 2) throw SchemaErrors.Mismatch(audioColumn, AudioExpectation, schema[audioColumn].Type.ToString() ?? "?");
        return (visual, audio);
    }

    /// <summary>
    /// The shapes of training data: frame and spectrogram sizes from the columns, columns per frame from the front-end
    /// recorded on the spectrogram column (sample rate / (hop x frame rate), which must be whole), or else from the ratio of
    /// spectrogram columns to frames.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type, or the timing does not fit whole frames or one clip.</exception>
    internal static SyncInputShapes FromSchema(DataViewSchema schema, AudioVisualSyncOptions options)
    {
        var (visual, audio) = Dimensions(schema, options.VisualColumnName, options.AudioColumnName);
        int frames = visual[0], columns = audio[1];
        int perFrame = ColumnsPerFrameOf(AudioFrontEndAnnotation.Read(schema[options.AudioColumnName])?.Options, options.FramesPerSecond)
            ?? ColumnsPerFrameFromShapes(frames, columns, options.AudioColumnName);
        var shapes = new SyncInputShapes(visual[1], visual[2], visual[3], audio[0], options.ClipFrames, perFrame, options.FramesPerSecond);
        if (shapes.LastVisualStart(frames) < 0 || shapes.LastAudioStart(columns) < 0)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Rows of {frames} frames and {columns} spectrogram columns ({perFrame} per frame) are shorter than one clip of {options.ClipFrames} frames: " +
                $"columns '{options.VisualColumnName}' and '{options.AudioColumnName}' need at least {options.ClipFrames} frames and {shapes.ClipColumns} columns.");
        return shapes;
    }

    /// <summary>Spectrogram columns per frame for a front-end, or null when unknown.</summary>
    internal static int? ColumnsPerFrameOf(SpectrogramOptions? frontEnd, double framesPerSecond)
    {
        if (frontEnd is null) return null;
        int hop = frontEnd.HopLength ?? (frontEnd.WindowLength ?? frontEnd.FftSize) / 2;
        double perFrame = frontEnd.SampleRate / (hop * framesPerSecond);
        int whole = (int)Math.Round(perFrame);
        if (whole < 1 || Math.Abs(perFrame - whole) > 1e-6)
            throw new ArgumentOutOfRangeException(nameof(frontEnd),
                $"A frame at {framesPerSecond} fps lasts {perFrame:0.###} spectrogram hops ({frontEnd.SampleRate} Hz, hop {hop}); audio offsets of whole frames need a whole number: " +
                "choose a hop length (or frame rate) that divides the samples per frame.");
        return whole;
    }

    private static int ColumnsPerFrameFromShapes(int frames, int columns, string audioColumn)
    {
        int perFrame = (int)Math.Round((double)columns / frames);
        if (perFrame < 1 || Math.Abs(columns - perFrame * frames) > 1)
            throw new ArgumentOutOfRangeException(audioColumn,
                $"Column '{audioColumn}' has {columns} spectrogram columns for {frames} frames, not a whole number per frame, and records no front-end to tell the timing.");
        return perFrame;
    }
}
