namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official Sound of Pixels inference-time image preprocessing (torchvision's <c>Resize(224, BICUBIC)</c>,
/// <c>CenterCrop(224)</c>, <c>ToTensor</c>, <c>Normalize</c> with the ImageNet statistics), on 8-bit RGB frames.
/// </summary>
/// <remarks>
/// An image whose shorter side already equals the size is used as is; otherwise it is resized with Pillow's bicubic
/// filter (<see cref="PillowBicubic"/>) so that its shorter side equals the size (the longer side becomes
/// <c>(int)(size · long / short)</c>), then the centre is cropped (offsets rounded half to even, as Python's round).
/// Values become <c>(v / 255 - mean) / std</c> in float32 per channel.
/// </remarks>
public static class SeparationImage
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>Preprocesses interleaved RGB bytes <c>[height, width, 3]</c> into planar floats <c>[3, size, size]</c>.</summary>
    /// <param name="rgb">Packed RGB24 pixels, row by row.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="size">Output side (224 officially; see <see cref="SeparationFrontEnd.ImageSize"/>).</param>
    /// <exception cref="ArgumentException">The buffer does not hold height x width x 3 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static float[] Preprocess(ReadOnlySpan<byte> rgb, int height, int width, int size = 224)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (rgb.Length != (long)height * width * 3)
            throw new ArgumentException($"The image has {rgb.Length} bytes, not {height} x {width} x 3.", nameof(rgb));

        byte[] image;
        int h = height, w = width;
        if (Math.Min(height, width) == size)
        {
            image = rgb.ToArray();
        }
        else
        {
            (h, w) = width <= height ? ((int)((double)size * height / width), size) : (size, (int)((double)size * width / height));
            image = PillowBicubic.Resize(rgb, height, width, h, w);
        }

        int top = (int)Math.Round((h - size) / 2.0), left = (int)Math.Round((w - size) / 2.0);
        var output = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    float unit = image[((((top + y) * w) + left + x) * 3) + c] / 255f;
                    output[(((c * size) + y) * size) + x] = (unit - Mean[c]) / Std[c];
                }
            }
        }
        return output;
    }
}
