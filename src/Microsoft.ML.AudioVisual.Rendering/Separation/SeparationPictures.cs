using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Rendering.Reports;
using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Rendering;

/// <summary>
/// PNG pictures of a separation: masks and log-magnitude spectrograms on the model's log-frequency axis (low frequencies at
/// the bottom, one column per STFT frame), and per-pixel energy maps over their pictures. Files are written atomically.
/// </summary>
public static class SeparationPictures
{
    /// <summary>
    /// The dynamic range of spectrogram pictures: 80 dB of magnitude below the loudest bin, as a natural-log range
    /// (<c>ln 10^4</c>); quieter bins are drawn black.
    /// </summary>
    public static readonly float SpectrogramRange = MathF.Log(1e4f);

    /// <summary>Side below which pictures of images are enlarged (by a whole factor) so that heat maps can be seen.</summary>
    private const int MinimumImageSide = 224;

    /// <summary>Writes a mask <c>[bins, frames]</c> (row-major) as a PNG, 0 black and 1 pale yellow.</summary>
    /// <exception cref="ArgumentException">The mask does not hold bins x frames values.</exception>
    public static void WriteMask(string path, ReadOnlySpan<float> mask, int bins, int frames) =>
        Write(path, SpectrogramPicture.Png(mask, bins, frames, PixelsPerBin(bins), low: 0f, high: 1f));

    /// <summary>
    /// Writes a log-magnitude spectrogram <c>[bins, frames]</c> (row-major, natural log) as a PNG coloured from
    /// <c><paramref name="loudest"/> - <see cref="SpectrogramRange"/></c> to <paramref name="loudest"/>; give several
    /// spectrograms the same loudest value to compare them.
    /// </summary>
    /// <exception cref="ArgumentException">The spectrogram does not hold bins x frames values.</exception>
    public static void WriteSpectrogram(string path, ReadOnlySpan<float> logMagnitude, int bins, int frames, float loudest) =>
        Write(path, SpectrogramPicture.Png(logMagnitude, bins, frames, PixelsPerBin(bins), low: loudest - SpectrogramRange, high: loudest));

    /// <summary>
    /// Writes <paramref name="map"/> over <paramref name="picture"/>'s display image (upsampled bilinearly to it, the image
    /// enlarged to at least 224 pixels), coloured from 0 to <paramref name="scaleMaximum"/>: give the maps of one mixture
    /// the same maximum so that their colours compare.
    /// </summary>
    public static void WritePixelMap(string path, SeparationPicture picture, SeparationPixelMap map, float scaleMaximum)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(map);
        float scale = scaleMaximum > 0 ? 1f / scaleMaximum : 0f;
        var heat = Array.ConvertAll(map.Energy, e => e * scale);
        int enlarge = Math.Max(1, (int)Math.Ceiling(MinimumImageSide / (double)Math.Max(picture.DisplayHeight, picture.DisplayWidth)));
        HeatmapRenderer.WritePng(path, picture.Display, picture.DisplayChannels, picture.DisplayHeight, picture.DisplayWidth, heat, map.Height, map.Width,
            scale: enlarge, normalise: false);
    }

    // Small spectrograms (128 bins) get two pixel rows per bin, as report pictures do; the official 256 bins one.
    private static int PixelsPerBin(int bins) => bins <= 128 ? 2 : 1;

    private static void Write(string path, byte[] png) => AtomicFile.Write(path, stream => stream.Write(png));
}
