namespace Microsoft.ML.AudioVisual.Media;

/// <summary>How a picture is fitted to the output size.</summary>
public enum ResizeMode
{
    /// <summary>Scale each axis independently to the output size (aspect ratio not kept); FFmpeg <c>scale=W:H</c>.</summary>
    Stretch,
    /// <summary>Scale so the picture covers the output, then crop the centre.</summary>
    CenterCrop,
    /// <summary>Scale so the picture fits inside the output, then pad the borders with black.</summary>
    Letterbox,
}

/// <summary>How 8-bit RGB values become floats.</summary>
public enum PixelScaling
{
    /// <summary>value / 255, in [0, 1] (the default).</summary>
    UnitRange,
    /// <summary>(value / 255 - mean) / std with the ImageNet statistics (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225).</summary>
    ImageNet,
    /// <summary>The raw 0-255 values as floats.</summary>
    Raw,
}

/// <summary>Size and scaling of decoded frames.</summary>
/// <param name="Width">Output width in pixels.</param>
/// <param name="Height">Output height in pixels.</param>
/// <param name="Resize">How the picture is fitted.</param>
/// <param name="Scaling">How values are scaled.</param>
public sealed record FrameFormat(int Width = 224, int Height = 224, ResizeMode Resize = ResizeMode.Stretch, PixelScaling Scaling = PixelScaling.UnitRange)
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Throws when the size is not positive.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(Width), $"Frame size must be positive, got {Width}x{Height}.");
    }

    /// <summary>The FFmpeg filter chain that produces this size from any input.</summary>
    internal string FilterChain => Resize switch
    {
        ResizeMode.Stretch => $"scale={Width}:{Height}",
        ResizeMode.CenterCrop => $"scale={Width}:{Height}:force_original_aspect_ratio=increase,crop={Width}:{Height}",
        _ => $"scale={Width}:{Height}:force_original_aspect_ratio=decrease,pad={Width}:{Height}:(ow-iw)/2:(oh-ih)/2:black",
    };

    /// <summary>Converts packed RGB24 bytes of <paramref name="frames"/> frames to planar floats <c>[T, 3, H, W]</c>.</summary>
    internal void ToPlanar(ReadOnlySpan<byte> rgb, Span<float> destination, int frames)
    {
        int plane = Width * Height;
        for (int f = 0; f < frames; f++)
        {
            var source = rgb.Slice(f * plane * 3, plane * 3);
            var target = destination.Slice(f * plane * 3, plane * 3);
            for (int c = 0; c < 3; c++)
            {
                float scale, offset;
                switch (Scaling)
                {
                    case PixelScaling.Raw: scale = 1f; offset = 0f; break;
                    case PixelScaling.ImageNet: scale = 1f / (255f * ImageNetStd[c]); offset = -ImageNetMean[c] / ImageNetStd[c]; break;
                    default: scale = 1f / 255f; offset = 0f; break;
                }
                var channel = target.Slice(c * plane, plane);
                for (int i = 0; i < plane; i++) channel[i] = Scaling == PixelScaling.UnitRange ? source[3 * i + c] / 255f : source[3 * i + c] * scale + offset;
            }
        }
    }
}
