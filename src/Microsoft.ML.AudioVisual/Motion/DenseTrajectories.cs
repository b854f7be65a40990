namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>Chains optical flow into dense trajectories, the motion input of "The Sound of Motions".</summary>
public static class DenseTrajectories
{
    /// <summary>
    /// Seeds one point per stride x stride cell of the first frame (at the cell's centre) and moves it step by step: a
    /// point at (x_t, y_t) goes to (x_t, y_t) + flow_t(x_t, y_t), the flow read bilinearly between pixels.
    /// </summary>
    /// <remarks>
    /// A point that the flow carries out of the image is clamped to its border (x into [0, W-1], y into [0, H-1]) and goes
    /// on from there: every trajectory lasts the whole clip, so the output has a fixed shape, and a point that left records
    /// only the part of its move that stayed inside (0 along the axis it left by, while the flow keeps pushing outwards).
    /// </remarks>
    /// <param name="flow">Row-major <c>[T-1, 2, H, W]</c> as <see cref="OpticalFlow.Farneback(ReadOnlySpan{float}, int, int, int, int, FarnebackOptions?, string)"/> returns.</param>
    /// <param name="steps">T - 1, at least 1.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="stride">Pixels between seeds, from 1 to min(H, W).</param>
    /// <exception cref="ArgumentException">The flow does not hold steps x 2 x H x W values, or the stride does not fit the frame.</exception>
    /// <exception cref="InvalidDataException">The flow holds NaN or infinity.</exception>
    public static Trajectories Track(ReadOnlySpan<float> flow, int steps, int height, int width, int stride)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Trajectories need at least one flow step (two frames).");
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"The frame size must be positive, got {width}x{height}.");
        if (stride < 1 || stride > Math.Min(height, width))
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The grid stride must be from 1 to {Math.Min(height, width)} for {width}x{height} frames.");
        int plane = height * width;
        if (flow.Length != (long)steps * 2 * plane)
            throw new ArgumentException($"The flow holds {flow.Length} values, not {steps} steps x 2 x {height} x {width}.", nameof(flow));
        foreach (var v in flow)
            if (!float.IsFinite(v)) throw new InvalidDataException($"The flow holds {v}: it must be finite.");

        int rows = height / stride, columns = width / stride, cells = rows * columns;
        var x = new float[cells];
        var y = new float[cells];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                x[(r * columns) + c] = Trajectories.SeedCoordinate(c, stride);
                y[(r * columns) + c] = Trajectories.SeedCoordinate(r, stride);
            }
        var displacements = new float[steps * 2 * cells];
        for (int t = 0; t < steps; t++)
        {
            var u = flow.Slice(t * 2 * plane, plane);
            var v = flow.Slice((t * 2 * plane) + plane, plane);
            var dx = displacements.AsSpan(t * 2 * cells, cells);
            var dy = displacements.AsSpan((t * 2 * cells) + cells, cells);
            for (int i = 0; i < cells; i++)
            {
                float nx = Math.Clamp(x[i] + Bilinear(u, height, width, x[i], y[i]), 0f, width - 1);
                float ny = Math.Clamp(y[i] + Bilinear(v, height, width, x[i], y[i]), 0f, height - 1);
                dx[i] = nx - x[i];
                dy[i] = ny - y[i];
                x[i] = nx;
                y[i] = ny;
            }
        }
        return new Trajectories(displacements, steps, height, width, stride);
    }

    /// <summary>The value of a <c>[H, W]</c> plane at (x, y), bilinear between pixel centres (positions lie inside the image).</summary>
    private static float Bilinear(ReadOnlySpan<float> plane, int height, int width, float x, float y)
    {
        int x0 = Math.Min((int)x, width - 1), y0 = Math.Min((int)y, height - 1);
        int x1 = Math.Min(x0 + 1, width - 1), y1 = Math.Min(y0 + 1, height - 1);
        float fx = x - x0, fy = y - y0;
        float top = (plane[(y0 * width) + x0] * (1 - fx)) + (plane[(y0 * width) + x1] * fx);
        float bottom = (plane[(y1 * width) + x0] * (1 - fx)) + (plane[(y1 * width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
