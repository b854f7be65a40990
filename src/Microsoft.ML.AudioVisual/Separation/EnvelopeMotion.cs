namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>The loudness envelope of a clip per video frame, and an image drawn moved and enlarged by it.</summary>
internal static class EnvelopeMotion
{
    /// <summary>
    /// The RMS of each of <paramref name="frames"/> equal windows of <paramref name="samples"/> (frame k covers samples
    /// k N / T to (k+1) N / T), divided by the largest; all zeros for a silent clip.
    /// </summary>
    public static float[] Envelope(ReadOnlySpan<float> samples, int frames)
    {
        var envelope = new float[frames];
        for (int k = 0; k < frames; k++)
        {
            int start = (int)((long)k * samples.Length / frames), end = (int)((long)(k + 1) * samples.Length / frames);
            double sum = 0;
            for (int i = start; i < end; i++) sum += samples[i] * (double)samples[i];
            envelope[k] = end > start ? (float)Math.Sqrt(sum / (end - start)) : 0f;
        }
        float peak = envelope.Max();
        if (peak > 0)
            for (int k = 0; k < frames; k++) envelope[k] /= peak;
        return envelope;
    }

    /// <summary>
    /// Grey frames <c>[T, 1, size, size]</c>: a square image (<paramref name="imageSide"/> pixels a side, values in [0, 1])
    /// drawn bilinearly on black, at rest at the centre with side <c>ImageFraction * size</c>, and at frame k shifted by
    /// <c>envelope[k] * MaxShift * size</c> along <paramref name="direction"/> and enlarged by <c>1 + envelope[k] * MaxGrowth</c>.
    /// </summary>
    public static float[] Render(ReadOnlySpan<float> image, int imageSide, ReadOnlySpan<float> envelope, double direction, int size, LookAlikeDuetOptions options)
    {
        int plane = size * size;
        var frames = new float[envelope.Length * plane];
        for (int k = 0; k < envelope.Length; k++)
        {
            double a = envelope[k];
            double centreX = (size / 2.0) + (a * options.MaxShift * size * Math.Cos(direction));
            double centreY = (size / 2.0) + (a * options.MaxShift * size * Math.Sin(direction));
            double side = options.ImageFraction * size * (1 + (a * options.MaxGrowth));
            double step = imageSide / side; // image pixels per frame pixel
            var frame = frames.AsSpan(k * plane, plane);
            for (int y = 0; y < size; y++)
            {
                double v = ((y + 0.5 - centreY) * step) + (imageSide / 2.0) - 0.5;
                for (int x = 0; x < size; x++)
                {
                    double u = ((x + 0.5 - centreX) * step) + (imageSide / 2.0) - 0.5;
                    frame[(y * size) + x] = Sample(image, imageSide, u, v);
                }
            }
        }
        return frames;
    }

    /// <summary>Bilinear sample of a square image at (u, v) in pixel-centre coordinates; black outside.</summary>
    private static float Sample(ReadOnlySpan<float> image, int side, double u, double v)
    {
        if (u <= -1 || v <= -1 || u >= side || v >= side) return 0f;
        int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
        double fu = u - u0, fv = v - v0;
        double top = (Pixel(image, side, u0, v0) * (1 - fu)) + (Pixel(image, side, u0 + 1, v0) * fu);
        double bottom = (Pixel(image, side, u0, v0 + 1) * (1 - fu)) + (Pixel(image, side, u0 + 1, v0 + 1) * fu);
        return (float)((top * (1 - fv)) + (bottom * fv));
    }

    private static double Pixel(ReadOnlySpan<float> image, int side, int x, int y) =>
        x < 0 || y < 0 || x >= side || y >= side ? 0 : image[(y * side) + x];
}
