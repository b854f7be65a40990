using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Separator training rows from a folder of the user's videos: each video is one source, cut into consecutive clips of
/// the front-end's length; a row holds a clip's mono audio at the front-end's rate and the frames shown during it,
/// centre-cropped to the front-end's image size. The group is the video, so two clips of one video are never mixed.
/// </summary>
/// <remarks>
/// Each video is decoded once (<see cref="SyncVideoFile.LoadFolder"/>): frames at <c>FramesPerClip / clip length</c>
/// per second, so clip c shows frames <c>c·T .. c·T + T - 1</c>, evenly spaced from its start. Silent clips
/// (<see cref="SeparationRows.SilencePeak"/>) and the tail shorter than a clip are left out; files without a picture or a
/// sound, or silent throughout, are named in <see cref="UnusableVideos"/>.
/// </remarks>
public sealed class SeparationVideoRows
{
    private SeparationVideoRows(IDataView rows, IReadOnlyList<string> videos, IReadOnlyList<string> unusable, int clips, int silentClips)
    {
        Rows = rows;
        Videos = videos;
        UnusableVideos = unusable;
        Clips = clips;
        SilentClips = silentClips;
    }

    /// <summary>The rows (<see cref="SeparationRows"/> columns; the picture column is <c>Vector&lt;Single, T, 3, S, S&gt;</c>).</summary>
    public IDataView Rows { get; }

    /// <summary>The file names of the videos that gave rows (the groups).</summary>
    public IReadOnlyList<string> Videos { get; }

    /// <summary>Videos that gave no row, with the reason.</summary>
    public IReadOnlyList<string> UnusableVideos { get; }

    /// <summary>Rows made.</summary>
    public int Clips { get; }

    /// <summary>Clips left out as silent.</summary>
    public int SilentClips { get; }

    /// <summary>A one-line account: clips, videos, and what was left out.</summary>
    public string Summary =>
        $"{Clips} clips of {Videos.Count} videos" +
        (SilentClips > 0 ? $"; {SilentClips} silent clips left out" : "") +
        (UnusableVideos.Count > 0 ? $"; unusable: {string.Join("; ", UnusableVideos)}" : "");

    /// <summary>Decodes every video under <paramref name="folder"/> (sub-folders included, sorted by path) into rows.</summary>
    /// <param name="context">The ML.NET context of the decoding pipeline and of the returned view.</param>
    /// <param name="folder">The folder of videos.</param>
    /// <param name="frontEnd">The separator's front-end: sample rate, clip length and image size.</param>
    /// <param name="framesPerClip">Frames per row (T); 1 for a picture per clip.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">Fewer than two videos gave a clip (mixtures need two sources).</exception>
    public static SeparationVideoRows Load(MLContext context, string folder, SeparationFrontEnd frontEnd, int framesPerClip = 1)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerClip, 1);
        frontEnd.Validate();
        double framesPerSecond = (double)framesPerClip * frontEnd.SampleRate / frontEnd.ClipSamples;
        var videos = SyncVideoFile.LoadFolder(context, folder, framesPerSecond, frontEnd.ImageSize, 3, frontEnd.SampleRate, out var skipped);
        var rows = new List<SeparationRows.Row>();
        var used = new List<string>();
        var unusable = skipped.ToList();
        int silent = 0;
        foreach (var video in videos)
        {
            int before = rows.Count, frameValues = framesPerClip * video.FrameSize;
            for (int c = 0; (c + 1) * framesPerClip <= video.FrameCount; c++)
            {
                var audio = video.AudioSpan(c * framesPerClip, framesPerClip);
                if (SeparationRows.IsSilent(audio))
                {
                    silent++;
                    continue;
                }
                // The rounding of the frame rate may leave a sample more or less: the clip has the front-end's length.
                rows.Add(new SeparationRows.Row
                {
                    Audio = MixtureRenderer.Place(audio, 0, frontEnd.ClipSamples),
                    Image = video.Frames.AsSpan(c * frameValues, frameValues).ToArray(),
                    Group = video.Name,
                });
            }
            if (rows.Count > before) used.Add(video.Name);
            else unusable.Add($"{video.Name}: no sounding clip of {frontEnd.ClipSamples / (double)frontEnd.SampleRate:0.###} s");
        }
        if (used.Count < 2)
            throw new InvalidDataException(
                $"Video folder '{folder}' gave clips from {used.Count} video(s); mixtures need sources from at least two videos." +
                (unusable.Count > 0 ? $" Unusable: {string.Join("; ", unusable)}." : ""));
        var view = SeparationRows.ToDataView(context, rows, [framesPerClip, 3, frontEnd.ImageSize, frontEnd.ImageSize]);
        return new SeparationVideoRows(view, used, unusable, rows.Count, silent);
    }
}
