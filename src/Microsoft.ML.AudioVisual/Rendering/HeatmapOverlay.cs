namespace Microsoft.ML.AudioVisual.Rendering;

/// <summary>
/// A heat map to draw over its image, as reports produce them: the image as planar floats <c>[C, H, W]</c> in [0, 1],
/// the map as <c>GridHeight x GridWidth</c> values, and the file it belongs in. Drawing it is the job of the
/// Microsoft.ML.AudioVisual.Rendering package (<c>HeatmapRenderer.WritePng(overlay)</c>), which keeps SkiaSharp out of
/// the libraries that compute the maps.
/// </summary>
/// <param name="FileName">The PNG file to write.</param>
/// <param name="Image">Planar image values <c>[C, H, W]</c> in [0, 1].</param>
/// <param name="Channels">1 or 3.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Heatmap">Row-major map values.</param>
/// <param name="GridHeight">Rows of the map.</param>
/// <param name="GridWidth">Columns of the map.</param>
/// <param name="Scale">Integer upscaling of the written picture.</param>
public sealed record HeatmapOverlay(string FileName, float[] Image, int Channels, int Height, int Width, float[] Heatmap, int GridHeight, int GridWidth,
    int Scale = 1);
