using Microsoft.ML.AudioVisual.IO;
using SkiaSharp;

namespace Microsoft.ML.AudioVisual.Rendering;

/// <summary>
/// Draws a heat map over its image: the map is upsampled bilinearly to the image size, coloured with a
/// perceptual colour map (inferno-like) and blended with the given opacity; the result is written as PNG.
/// </summary>
public static class HeatmapRenderer
{
    // Control points of an inferno-like colour map (black - purple - red - orange - pale yellow).
    private static readonly (float T, byte R, byte G, byte B)[] Stops =
    [
        (0.00f, 0, 0, 4), (0.25f, 87, 16, 110), (0.50f, 188, 55, 84), (0.75f, 249, 142, 9), (1.00f, 252, 255, 164),
    ];

    /// <summary>Writes an overlay produced by a report (see <see cref="HeatmapOverlay"/>) as PNG, atomically.</summary>
    public static void WritePng(HeatmapOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        WritePng(overlay.FileName, overlay.Image, overlay.Channels, overlay.Height, overlay.Width, overlay.Heatmap, overlay.GridHeight, overlay.GridWidth,
            scale: overlay.Scale);
    }

    /// <summary>
    /// Renders <paramref name="heatmap"/> (<c>gridHeight x gridWidth</c>, values in [0, 1]) over an image given as
    /// planar floats <c>[C, H, W]</c> in [0, 1] (C = 1 or 3), scaled by <paramref name="scale"/>, and writes a PNG atomically.
    /// </summary>
    public static void WritePng(string path, ReadOnlySpan<float> image, int channels, int height, int width,
        ReadOnlySpan<float> heatmap, int gridHeight, int gridWidth, float alpha = 0.55f, int scale = 1, bool normalise = true)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), $"Images need 1 or 3 channels, got {channels}.");
        if (image.Length != channels * height * width) throw new ArgumentException($"The image has {image.Length} values, not {channels}x{height}x{width}.", nameof(image));
        if (heatmap.Length != gridHeight * gridWidth) throw new ArgumentException($"The heat map has {heatmap.Length} values, not {gridHeight}x{gridWidth}.", nameof(heatmap));
        float low = 0, high = 1;
        if (normalise)
        {
            low = float.MaxValue;
            high = float.MinValue;
            foreach (var v in heatmap)
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
            if (high - low < 1e-6f) high = low + 1e-6f;
        }
        int outWidth = width * scale, outHeight = height * scale;
        using var bitmap = new SKBitmap(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Opaque);
        int plane = height * width;
        for (int y = 0; y < outHeight; y++)
        {
            int sy = y / scale;
            // Cell centres sit at (i + 0.5) / grid: sample the map bilinearly between them.
            double gy = Math.Clamp((y + 0.5) / outHeight * gridHeight - 0.5, 0, gridHeight - 1);
            for (int x = 0; x < outWidth; x++)
            {
                int sx = x / scale;
                double gx = Math.Clamp((x + 0.5) / outWidth * gridWidth - 0.5, 0, gridWidth - 1);
                float heat = (Bilinear(heatmap, gridHeight, gridWidth, gy, gx) - low) / (high - low);
                var (hr, hg, hb) = Colour(heat);
                float r, g, b;
                if (channels == 1) r = g = b = image[sy * width + sx];
                else
                {
                    r = image[sy * width + sx];
                    g = image[plane + sy * width + sx];
                    b = image[2 * plane + sy * width + sx];
                }
                bitmap.SetPixel(x, y, new SKColor(Blend(r, hr, alpha), Blend(g, hg, alpha), Blend(b, hb, alpha)));
            }
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => encoded.SaveTo(stream));
    }

    private static float Bilinear(ReadOnlySpan<float> map, int rows, int columns, double y, double x)
    {
        int y0 = (int)Math.Floor(y), x0 = (int)Math.Floor(x);
        int y1 = Math.Min(y0 + 1, rows - 1), x1 = Math.Min(x0 + 1, columns - 1);
        double fy = y - y0, fx = x - x0;
        double top = map[y0 * columns + x0] * (1 - fx) + map[y0 * columns + x1] * fx;
        double bottom = map[y1 * columns + x0] * (1 - fx) + map[y1 * columns + x1] * fx;
        return (float)(top * (1 - fy) + bottom * fy);
    }

    private static (float R, float G, float B) Colour(float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        for (int i = 1; i < Stops.Length; i++)
        {
            if (t > Stops[i].T) continue;
            var (t0, r0, g0, b0) = Stops[i - 1];
            var (t1, r1, g1, b1) = Stops[i];
            float f = (t - t0) / (t1 - t0);
            return ((r0 + f * (r1 - r0)) / 255f, (g0 + f * (g1 - g0)) / 255f, (b0 + f * (b1 - b0)) / 255f);
        }
        return (Stops[^1].R / 255f, Stops[^1].G / 255f, Stops[^1].B / 255f);
    }

    private static byte Blend(float image, float heat, float alpha) =>
        (byte)Math.Clamp(MathF.Round(255f * ((1 - alpha) * Math.Clamp(image, 0f, 1f) + alpha * heat)), 0, 255);
}
