namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Resizes a grey image by area averaging: each output pixel is the mean of the input area it covers (fractional overlaps weighted).</summary>
internal static class AreaResampler
{
    public static float[] Resize(float[] image, int height, int width, int newHeight, int newWidth)
    {
        if (height == newHeight && width == newWidth) return image;
        var rows = Weights(height, newHeight);
        var columns = Weights(width, newWidth);
        var output = new float[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++)
            foreach (var (sy, wy) in rows[y])
                for (int x = 0; x < newWidth; x++)
                    foreach (var (sx, wx) in columns[x])
                        output[y * newWidth + x] += (float)(wy * wx) * image[sy * width + sx];
        return output;
    }

    /// <summary>For each output index, the input indices it covers and their weights (summing to 1).</summary>
    private static List<(int Index, double Weight)>[] Weights(int from, int to)
    {
        double scale = (double)from / to;
        var weights = new List<(int, double)>[to];
        for (int i = 0; i < to; i++)
        {
            weights[i] = [];
            double start = i * scale, end = (i + 1) * scale;
            for (int j = (int)Math.Floor(start); j < Math.Min(from, (int)Math.Ceiling(end)); j++)
            {
                double overlap = Math.Min(end, j + 1) - Math.Max(start, j);
                if (overlap > 0) weights[i].Add((j, overlap / scale));
            }
        }
        return weights;
    }
}
