using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// A folder of photo-sound pairs: every <c>NAME.png</c> with a <c>NAME.ogg</c> beside it (the layout of the GCompris
/// animal sounds). PNGs without a recording are ignored.
/// </summary>
public static class PhotoSoundFolder
{
    /// <summary>Loads every pair under <paramref name="folder"/>, sorted by name, the sound decoded mono at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="MediaLoadException">A photo or recording cannot be decoded (the exception names the file).</exception>
    public static IReadOnlyList<PhotoSoundPair> Load(string folder, int sampleRate)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Photo-sound folder '{folder}' does not exist.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        return Directory.EnumerateFiles(folder, "*.png").Order(StringComparer.Ordinal)
            .Where(png => File.Exists(Path.ChangeExtension(png, ".ogg")))
            .Select(png => LoadPair(png, sampleRate)).ToArray();
    }

    private static PhotoSoundPair LoadPair(string png, int sampleRate)
    {
        var info = MediaDecoder.Probe(png);
        var video = info.Video ?? throw new MediaLoadException(png, MediaProblem.NoVideoStream, "the file holds no picture.");
        var photo = MediaDecoder.DecodeFrames(png, [0.0], new FrameFormat(video.Width, video.Height), info: info).Pixels;
        var sound = MediaDecoder.DecodeAudio(Path.ChangeExtension(png, ".ogg"), sampleRate).Samples;
        return new PhotoSoundPair(Path.GetFileNameWithoutExtension(png), photo, video.Height, video.Width, sound, sampleRate);
    }
}
