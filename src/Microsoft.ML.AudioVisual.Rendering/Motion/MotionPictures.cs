using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Motion;
using SkiaSharp;

namespace Microsoft.ML.AudioVisual.Rendering;

/// <summary>
/// PNG pictures of motion: an optical-flow field in the usual colour coding (hue the direction, brightness the speed) and
/// dense trajectories drawn as polylines over their first frame. Small frames are enlarged (by a whole factor) to at least
/// 224 pixels so that the motion can be seen. Files are written atomically.
/// </summary>
public static class MotionPictures
{
    private const int MinimumSide = 224;

    /// <summary>
    /// Writes one flow step <c>[2, H, W]</c> (horizontal then vertical displacement in pixels) as a PNG: the hue gives the
    /// direction (red to the right, then yellow-green downwards, cyan to the left, blue-violet upwards) and the brightness the
    /// speed, from black (still) to full at <paramref name="maxMagnitude"/> pixels (null: the field's largest).
    /// </summary>
    /// <returns>The speed drawn at full brightness, in pixels.</returns>
    /// <exception cref="ArgumentException">The flow does not hold 2 x H x W values.</exception>
    public static float WriteFlow(string path, ReadOnlySpan<float> flow, int height, int width, float? maxMagnitude = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (height < 1 || width < 1 || flow.Length != 2 * height * width)
            throw new ArgumentException($"The flow has {flow.Length} values, not 2 x {height} x {width}.", nameof(flow));
        int plane = height * width;
        float top = maxMagnitude ?? 0f;
        if (maxMagnitude is null)
            for (int i = 0; i < plane; i++) top = Math.Max(top, MathF.Sqrt((flow[i] * flow[i]) + (flow[plane + i] * flow[plane + i])));
        float scaleMagnitude = top > 1e-6f ? 1f / top : 0f;
        int enlarge = Enlargement(height, width);
        using var bitmap = new SKBitmap(width * enlarge, height * enlarge, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < height * enlarge; y++)
            for (int x = 0; x < width * enlarge; x++)
            {
                int i = ((y / enlarge) * width) + (x / enlarge);
                float dx = flow[i], dy = flow[plane + i];
                float hue = (MathF.Atan2(dy, dx) * 180f / MathF.PI) + 360f;
                float value = Math.Clamp(MathF.Sqrt((dx * dx) + (dy * dy)) * scaleMagnitude, 0f, 1f);
                bitmap.SetPixel(x, y, SKColor.FromHsv(hue % 360f, 100f, 100f * value));
            }
        Write(path, bitmap);
        return top;
    }

    /// <summary>
    /// Writes <paramref name="trajectories"/> as polylines over <paramref name="frame"/> (planar <c>[C, H, W]</c>, C = 1 or 3,
    /// any value range: drawn from its lowest to its highest value): each trajectory is coloured by its overall direction
    /// (the hues of <see cref="WriteFlow"/>) and ends in a dot; points that moved less than half a pixel are drawn grey.
    /// </summary>
    /// <exception cref="ArgumentException">The frame does not hold C x H x W values for the trajectories' frame size, or C is not 1 or 3.</exception>
    public static void WriteTrajectories(string path, ReadOnlySpan<float> frame, int channels, Trajectories trajectories)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(trajectories);
        int height = trajectories.Height, width = trajectories.Width, plane = height * width;
        if (channels is not (1 or 3) || frame.Length != channels * plane)
            throw new ArgumentException($"The frame has {frame.Length} values, not {channels} (1 or 3) x {height} x {width} as the trajectories were tracked on.", nameof(frame));
        float low = float.MaxValue, high = float.MinValue;
        foreach (var v in frame)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        float range = high > low ? high - low : 1f;
        int enlarge = Enlargement(height, width);
        using var bitmap = new SKBitmap(width * enlarge, height * enlarge, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < height * enlarge; y++)
            for (int x = 0; x < width * enlarge; x++)
            {
                int i = ((y / enlarge) * width) + (x / enlarge);
                byte r = Grey(frame[i], low, range);
                bitmap.SetPixel(x, y, channels == 1 ? new SKColor(r, r, r) : new SKColor(r, Grey(frame[plane + i], low, range), Grey(frame[(2 * plane) + i], low, range)));
            }

        using (var canvas = new SKCanvas(bitmap))
        {
            var positions = trajectories.Positions();
            int cells = trajectories.GridHeight * trajectories.GridWidth, points = trajectories.Steps + 1;
            using var line = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1f, enlarge / 2f) };
            using var dot = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
            float Pixel(float coordinate) => (coordinate + 0.5f) * enlarge;
            for (int i = 0; i < cells; i++)
            {
                float x0 = positions[i], y0 = positions[cells + i];
                float xn = positions[(trajectories.Steps * 2 * cells) + i], yn = positions[(trajectories.Steps * 2 * cells) + cells + i];
                float dx = xn - x0, dy = yn - y0;
                var colour = (dx * dx) + (dy * dy) < 0.25f
                    ? new SKColor(160, 160, 160)
                    : SKColor.FromHsv(((MathF.Atan2(dy, dx) * 180f / MathF.PI) + 360f) % 360f, 90f, 100f);
                line.Color = colour;
                dot.Color = colour;
                using var polyline = new SKPath();
                polyline.MoveTo(Pixel(x0), Pixel(y0));
                for (int t = 1; t < points; t++) polyline.LineTo(Pixel(positions[(t * 2 * cells) + i]), Pixel(positions[(t * 2 * cells) + cells + i]));
                canvas.DrawPath(polyline, line);
                canvas.DrawCircle(Pixel(xn), Pixel(yn), Math.Max(1.5f, enlarge * 0.6f), dot);
            }
        }
        Write(path, bitmap);
    }

    private static byte Grey(float value, float low, float range) => (byte)Math.Clamp(MathF.Round(255f * (value - low) / range), 0, 255);

    private static int Enlargement(int height, int width) => Math.Max(1, (int)Math.Ceiling(MinimumSide / (double)Math.Max(height, width)));

    private static void Write(string path, SKBitmap bitmap)
    {
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => encoded.SaveTo(stream));
    }
}
