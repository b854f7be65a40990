namespace Microsoft.ML.AudioVisual.Tests.Motion;

/// <summary>Synthetic clips for the motion tests: a smooth texture (sums of sinusoids and blobs) moved by known amounts.</summary>
internal static class MotionClips
{
    /// <summary>The texture's grey value at (x, y), in [0, 1]; defined everywhere, so shifted copies have no border artefacts.</summary>
    public static float Texture(double x, double y)
    {
        double v = 0.5
            + (0.15 * Math.Sin((x * 0.21) + (y * 0.05)))
            + (0.15 * Math.Cos((x * 0.07) - (y * 0.23)))
            + (0.10 * Math.Sin((x * 0.13) + (y * 0.17) + 1.3))
            + (0.10 * Math.Exp(-(((x - 30) * (x - 30)) + ((y - 20) * (y - 20))) / 60.0));
        return (float)Math.Clamp(v, 0, 1);
    }

    /// <summary>
    /// Planar <c>[T, channels, H, W]</c> frames of the texture translated by <paramref name="vx"/>, <paramref name="vy"/>
    /// pixels per frame (frame t shows the texture moved by t times the velocity).
    /// </summary>
    public static float[] Translating(int frames, int channels, int height, int width, double vx, double vy)
    {
        int plane = height * width;
        var values = new float[frames * channels * plane];
        for (int t = 0; t < frames; t++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float v = Texture(x - (t * vx), y - (t * vy));
                    for (int c = 0; c < channels; c++) values[(((t * channels) + c) * plane) + (y * width) + x] = v;
                }
        return values;
    }

    /// <summary>The mean of plane <paramref name="component"/> of step <paramref name="step"/> of a <c>[T-1, 2, H, W]</c> flow, over pixels at least <paramref name="margin"/> from the border.</summary>
    public static double InteriorMean(float[] flow, int step, int component, int height, int width, int margin)
    {
        int plane = height * width;
        double sum = 0;
        int count = 0;
        for (int y = margin; y < height - margin; y++)
            for (int x = margin; x < width - margin; x++)
            {
                sum += flow[(((step * 2) + component) * plane) + (y * width) + x];
                count++;
            }
        return sum / count;
    }
}
