namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Bicubic resizing of 8-bit RGB images exactly as Pillow's <c>Image.resize(size, BICUBIC)</c> does it (the resize
/// of torchvision's <c>Resize</c> on PIL images, used by the official Sound of Pixels data loader).
/// </summary>
/// <remarks>
/// Pillow's algorithm (libImaging/Resample.c): a separable convolution, horizontal pass first, then vertical, each
/// with the cubic kernel a = -0.5 (support 2) stretched by the scale when shrinking (antialiasing); per output pixel
/// the weights are normalised to sum 1 in double precision, rounded to 22-bit fixed point, and each pass rounds
/// and clamps to 8 bits.
/// </remarks>
internal static class PillowBicubic
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 2.0;

    /// <summary>Resizes interleaved RGB bytes <c>[height, width, 3]</c> to <c>[outHeight, outWidth, 3]</c>.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> rgb, int height, int width, int outHeight, int outWidth)
    {
        if (outWidth == width && outHeight == height) return rgb.ToArray();
        byte[] horizontal = outWidth == width ? rgb.ToArray() : Pass(rgb, lines: height, length: width, outLength: outWidth, lineStride: width * 3, step: 3);
        if (outHeight == height) return horizontal;
        // The vertical pass: "lines" are the columns of every channel, "length" runs down the rows.
        return Pass(horizontal, lines: outWidth, length: height, outLength: outHeight, lineStride: 3, step: outWidth * 3, transposed: true);
    }

    /// <summary>
    /// One pass along an axis of <paramref name="length"/> samples spaced <paramref name="step"/> bytes apart, for each
    /// of <paramref name="lines"/> lines <paramref name="lineStride"/> bytes apart, and each of the 3 channels.
    /// </summary>
    private static byte[] Pass(ReadOnlySpan<byte> input, int lines, int length, int outLength, int lineStride, int step, bool transposed = false)
    {
        var (bounds, weights, kernelSize) = Coefficients(length, outLength);
        int outStep = transposed ? step : 3;
        int outLineStride = transposed ? lineStride : outLength * 3;
        var output = new byte[lines * outLength * 3];
        for (int line = 0; line < lines; line++)
        {
            for (int o = 0; o < outLength; o++)
            {
                int first = bounds[2 * o], count = bounds[(2 * o) + 1];
                ReadOnlySpan<int> k = weights.AsSpan(o * kernelSize, count);
                for (int c = 0; c < 3; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    int at = (line * lineStride) + (first * step) + c;
                    for (int i = 0; i < count; i++, at += step) sum += input[at] * k[i];
                    output[(line * outLineStride) + (o * outStep) + c] = Clip8(sum);
                }
            }
        }
        return output;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> and <c>normalize_coeffs_8bpc</c> for the whole axis (box 0..length).</summary>
    private static (int[] Bounds, int[] Weights, int KernelSize) Coefficients(int length, int outLength)
    {
        double scale = (double)length / outLength;
        double filterScale = Math.Max(scale, 1.0);
        double support = Support * filterScale;
        int kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
        var bounds = new int[2 * outLength];
        var weights = new int[outLength * kernelSize];
        var k = new double[kernelSize];
        for (int o = 0; o < outLength; o++)
        {
            double center = (o + 0.5) * scale;
            double inverse = 1.0 / filterScale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), length) - min;
            double total = 0;
            for (int x = 0; x < max; x++)
            {
                k[x] = Cubic((x + min - center + 0.5) * inverse);
                total += k[x];
            }
            for (int x = 0; x < max; x++)
            {
                double w = total != 0 ? k[x] / total : k[x];
                weights[(o * kernelSize) + x] = (int)(w < 0 ? -0.5 + (w * (1 << PrecisionBits)) : 0.5 + (w * (1 << PrecisionBits)));
            }
            bounds[2 * o] = min;
            bounds[(2 * o) + 1] = max;
        }
        return (bounds, weights, kernelSize);
    }

    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        if (x < 2.0) return ((((x - 5) * x) + 8) * x - 4) * a;
        return 0.0;
    }

    private static byte Clip8(int value)
    {
        if (value >= 1 << PrecisionBits << 8) return 255;
        if (value <= 0) return 0;
        return (byte)(value >> PrecisionBits);
    }
}
