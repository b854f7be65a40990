namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// A clip of planar frames <c>[T, C, H, W]</c> (C = 1 or 3) as 8-bit grey planes, the input Farneback flow expects. One
/// linear map, from the clip's lowest to its highest grey value onto 0-255, serves every frame: brightness constancy
/// between frames holds, and the result does not depend on how the frames were scaled (unit range, ImageNet, raw bytes).
/// OpenCV's solver adds a small constant to a determinant, so intensities in [0, 1] would bias the flow towards zero.
/// </summary>
internal static class GreyClip
{
    /// <summary>The frames as grey bytes, one array of H x W per frame.</summary>
    /// <param name="frames">Planar floats <c>[T, C, H, W]</c>.</param>
    /// <param name="frameCount">T, at least 2.</param>
    /// <param name="channels">C: 1 (grey) or 3 (RGB, averaged).</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="source">What the frames are (a column and row, a file), named in exceptions.</param>
    /// <exception cref="ArgumentException">Fewer than two frames, a wrong channel count or size, or the buffer does not hold T x C x H x W values.</exception>
    /// <exception cref="InvalidDataException">A value is NaN or infinite.</exception>
    public static byte[][] ToBytes(ReadOnlySpan<float> frames, int frameCount, int channels, int height, int width, string source)
    {
        CheckShape(frames.Length, frameCount, channels, height, width, source);
        int plane = height * width;
        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        for (int i = 0; i < frames.Length; i++)
        {
            float v = frames[i];
            if (!float.IsFinite(v))
            {
                int frame = i / (channels * plane), pixel = i % plane;
                throw new InvalidDataException($"{source} holds {v} in frame {frame} at pixel ({pixel % width}, {pixel / width}): frames must be finite.");
            }
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        // A constant clip has no motion to see: every frame maps to 0 (and the flow comes out 0).
        float scale = high > low ? 255f / (high - low) : 0f;
        var grey = new byte[frameCount][];
        for (int t = 0; t < frameCount; t++)
        {
            var bytes = new byte[plane];
            var frame = frames.Slice(t * channels * plane, channels * plane);
            for (int i = 0; i < plane; i++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += frame[(c * plane) + i];
                bytes[i] = (byte)Math.Clamp(MathF.Round(((sum / channels) - low) * scale), 0f, 255f);
            }
            grey[t] = bytes;
        }
        return grey;
    }

    /// <summary>Throws unless the shape describes at least two frames of 1 or 3 channels and the buffer holds exactly that many values.</summary>
    public static void CheckShape(long values, int frameCount, int channels, int height, int width, string source)
    {
        if (frameCount < 2)
            throw new ArgumentException(frameCount == 0
                ? $"{source} holds no frames: optical flow needs at least two."
                : $"{source} holds {frameCount} frame: optical flow needs at least two.", nameof(frameCount));
        if (channels is not (1 or 3))
            throw new ArgumentException($"{source} has {channels} channels per frame; frames must be grey (1) or RGB (3).", nameof(channels));
        if (height < 1 || width < 1)
            throw new ArgumentException($"{source} has frames of {width}x{height} pixels; both sides must be positive.", nameof(height));
        long expected = (long)frameCount * channels * height * width;
        if (values != expected)
            throw new ArgumentException(
                $"{source} holds {values} values, not {frameCount} frames x {channels} x {height} x {width} = {expected}: are all its frames of the same size?",
                nameof(values));
    }
}
