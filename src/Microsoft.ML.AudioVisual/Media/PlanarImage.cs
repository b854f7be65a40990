namespace Microsoft.ML.AudioVisual.Media;

/// <summary>Operations on images stored as planar floats <c>[C, H, W]</c> (the layout of frame columns).</summary>
internal static class PlanarImage
{
    /// <summary>
    /// Crops the rectangle (<paramref name="left"/>, <paramref name="top"/>, <paramref name="cropWidth"/> x
    /// <paramref name="cropHeight"/>) and resizes it bilinearly to <paramref name="width"/> x <paramref name="height"/>;
    /// <paramref name="mirror"/> flips it left to right. Samples outside the source repeat the border.
    /// </summary>
    public static float[] CropResize(ReadOnlySpan<float> source, int channels, int sourceHeight, int sourceWidth,
        double left, double top, double cropWidth, double cropHeight, int height, int width, bool mirror = false)
    {
        if (source.Length != channels * sourceHeight * sourceWidth)
            throw new ArgumentException($"The image has {source.Length} values, not {channels}x{sourceHeight}x{sourceWidth}.", nameof(source));
        if (height <= 0 || width <= 0 || cropWidth <= 0 || cropHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), "Crop and output sizes must be positive.");
        var output = new float[channels * height * width];
        for (int y = 0; y < height; y++)
        {
            double sy = Math.Clamp(top + (y + 0.5) * cropHeight / height - 0.5, 0, sourceHeight - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, sourceHeight - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++)
            {
                int column = mirror ? width - 1 - x : x;
                double sx = Math.Clamp(left + (column + 0.5) * cropWidth / width - 0.5, 0, sourceWidth - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, sourceWidth - 1);
                double fx = sx - x0;
                for (int c = 0; c < channels; c++)
                {
                    var plane = source.Slice(c * sourceHeight * sourceWidth, sourceHeight * sourceWidth);
                    double value = (plane[y0 * sourceWidth + x0] * (1 - fx) + plane[y0 * sourceWidth + x1] * fx) * (1 - fy)
                                 + (plane[y1 * sourceWidth + x0] * (1 - fx) + plane[y1 * sourceWidth + x1] * fx) * fy;
                    output[(c * height + y) * width + x] = (float)value;
                }
            }
        }
        return output;
    }

    /// <summary>The mean of the R, G and B planes of a planar <c>[3, H, W]</c> image: one grey plane of <paramref name="plane"/> = H x W values.</summary>
    /// <exception cref="ArgumentException">The image does not hold 3 planes of <paramref name="plane"/> values.</exception>
    public static float[] ToGrey(ReadOnlySpan<float> rgb, int plane)
    {
        if (plane <= 0 || rgb.Length != 3 * plane)
            throw new ArgumentException($"The image has {rgb.Length} values, not 3 planes of {plane}.", nameof(rgb));
        var grey = new float[plane];
        for (int i = 0; i < plane; i++) grey[i] = (rgb[i] + rgb[plane + i] + rgb[(2 * plane) + i]) / 3f;
        return grey;
    }
}
