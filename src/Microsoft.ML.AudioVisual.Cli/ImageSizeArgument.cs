using System.Globalization;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Reads the <c>--size S|WxH</c> value of <c>avl frames</c> and <c>avl localize</c>.</summary>
internal static class ImageSizeArgument
{
    /// <summary>S gives S x S, WxH gives W x H; nothing keeps the native size.</summary>
    public static (int Width, int Height) Parse(string? size, int nativeWidth, int nativeHeight)
    {
        if (string.IsNullOrWhiteSpace(size)) return (nativeWidth, nativeHeight);
        var parts = size.Split('x', 'X');
        if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0) return (s, s);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w) && w > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) && h > 0) return (w, h);
        throw new CliUsageException($"--size must be S or WxH with positive integers, got '{size}'.");
    }
}
