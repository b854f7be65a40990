namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// How much of a mixture each pixel of a picture would separate (Sound of Pixels' per-pixel masks): one value per cell of
/// the frame net's feature map, row-major, top row first.
/// </summary>
/// <param name="Energy">Per cell, the separated magnitude summed over time and frequency (<c>Height x Width</c> values, row-major).</param>
/// <param name="Height">Rows of the feature map.</param>
/// <param name="Width">Columns of the feature map.</param>
public sealed record SeparationPixelMap(float[] Energy, int Height, int Width);
