namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Draws the image of a <see cref="SyntheticAudioVisual"/> item: the class shape in a jittered class
/// colour, in a random pose (position, size, aspect and tilt), over a random colour gradient with pixel noise.
/// </summary>
internal static class SyntheticImagePainter
{
    // 2 x 2 samples per pixel soften the edges, so small shifts change pixels gradually.
    private static readonly float[] SubPixel = [0.25f, 0.75f];

    public static void Paint(Span<float> image, int size, SyntheticClass cls, ref Pcg32 random)
    {
        int plane = size * size;

        // Background: a random, mostly unsaturated colour with a linear gradient.
        var (bgR, bgG, bgB) = HsvToRgb(random.NextDouble(), random.NextDouble(0.0, 0.3), random.NextDouble(0.3, 0.6));
        double gradientAngle = random.NextDouble(0, 2 * Math.PI);
        float gradient = (float)random.NextDouble(0.0, 0.2);
        float gx = gradient * (float)Math.Cos(gradientAngle) / size, gy = gradient * (float)Math.Sin(gradientAngle) / size;
        float noise = (float)random.NextDouble(0.03, 0.12);

        // Object: class hue with jitter, random saturation and brightness.
        double hue = cls.Hue + random.NextDouble(-cls.HueJitter, cls.HueJitter);
        hue -= Math.Floor(hue);
        var (fgR, fgG, fgB) = HsvToRgb(hue, random.NextDouble(0.65, 1.0), random.NextDouble(0.7, 1.0));

        // Pose: half-size 22-42 % of the image, centre within 20 % of the image centre, up to about +-30 degrees of
        // tilt (bars stay mostly horizontal or vertical) and a 0.8-1.25 stretch on each axis.
        double half = size * random.NextDouble(0.22, 0.42);
        double cx = size * (0.5 + random.NextDouble(-0.2, 0.2));
        double cy = size * (0.5 + random.NextDouble(-0.2, 0.2));
        double angle = random.NextDouble(-0.52, 0.52);
        double sx = half * random.NextDouble(0.8, 1.25), sy = half * random.NextDouble(0.8, 1.25);
        float cos = (float)Math.Cos(angle), sin = (float)Math.Sin(angle);
        float invSx = (float)(1 / sx), invSy = (float)(1 / sy);

        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int covered = 0;
                foreach (var oy in SubPixel)
                {
                    foreach (var ox in SubPixel)
                    {
                        float dx = x + ox - (float)cx, dy = y + oy - (float)cy;
                        // Into shape coordinates: rotate back, then scale to [-1, 1].
                        float u = (cos * dx + sin * dy) * invSx;
                        float v = (-sin * dx + cos * dy) * invSy;
                        if (Inside(cls.Shape, u, v)) covered++;
                    }
                }
                float a = covered * 0.25f;
                float shade = gx * (x - size * 0.5f) + gy * (y - size * 0.5f);
                int p = y * size + x;
                image[p] = Clamp01(Mix(bgR + shade, fgR, a) + noise * random.NextSignedSingle());
                image[plane + p] = Clamp01(Mix(bgG + shade, fgG, a) + noise * random.NextSignedSingle());
                image[2 * plane + p] = Clamp01(Mix(bgB + shade, fgB, a) + noise * random.NextSignedSingle());
            }
        }
    }

    /// <summary>Whether shape-space point (<paramref name="u"/>, <paramref name="v"/>), v pointing down, is inside the shape drawn in [-1, 1]^2.</summary>
    internal static bool Inside(int shape, float u, float v)
    {
        float au = MathF.Abs(u), av = MathF.Abs(v);
        bool inBox = au <= 0.9f && av <= 0.9f;
        return shape switch
        {
            0 => u * u + v * v <= 0.9f, // disc
            1 => au <= 0.78f && av <= 0.78f, // square
            2 => v <= 0.75f && v >= -0.95f && au <= (v + 0.95f) * 0.55f, // triangle, apex up
            3 => inBox && (MathF.Abs(u - v) <= 0.32f || MathF.Abs(u + v) <= 0.32f), // cross (X)
            4 => u * u + v * v is <= 1.0f and >= 0.36f, // ring
            5 => inBox && Band(v, 0.36f), // three horizontal bars
            6 => inBox && Band(u, 0.36f), // three vertical bars
            7 => inBox && Band(u + v, 0.42f), // diagonal stripes
            8 => inBox && (((int)((u + 0.9f) / 0.45f) + (int)((v + 0.9f) / 0.45f)) & 1) == 0, // 4 x 4 checker
            _ => (inBox && MathF.Max(au, av) >= 0.7f) || (au <= 0.55f && av <= 0.55f && MathF.Min(au, av) <= 0.14f), // plus in box
        };
    }

    // Alternating bands of width `width`, the one through 0 filled.
    private static bool Band(float t, float width) => ((int)MathF.Floor(t / width + 0.5f) & 1) == 0;

    private static float Mix(float background, float foreground, float alpha) => background + (foreground - background) * alpha;

    private static float Clamp01(float value) => value < 0f ? 0f : value > 1f ? 1f : value;

    internal static (float R, float G, float B) HsvToRgb(double hue, double saturation, double value)
    {
        double h = hue * 6.0;
        int sector = (int)Math.Floor(h) % 6;
        double f = h - Math.Floor(h);
        double p = value * (1 - saturation), q = value * (1 - saturation * f), t = value * (1 - saturation * (1 - f));
        var (r, g, b) = sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
        return ((float)r, (float)g, (float)b);
    }
}
