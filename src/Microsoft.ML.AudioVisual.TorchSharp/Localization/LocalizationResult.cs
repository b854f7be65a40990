namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>Where in an image a sound comes from.</summary>
/// <param name="Heatmap">Row-major <c>GridHeight x GridWidth</c> probabilities that the sound comes from each cell.</param>
/// <param name="GridHeight">Heat map rows.</param>
/// <param name="GridWidth">Heat map columns.</param>
/// <param name="Score">Probability that the sound belongs to the image at all (the map's maximum).</param>
/// <param name="PeakRow">Row of the most likely cell.</param>
/// <param name="PeakColumn">Column of the most likely cell.</param>
public sealed record LocalizationResult(float[] Heatmap, int GridHeight, int GridWidth, float Score, int PeakRow, int PeakColumn)
{
    /// <summary>The centre of the peak cell in image pixels, for an image of the given size.</summary>
    public (double X, double Y) PeakInImage(int imageWidth, int imageHeight) =>
        ((PeakColumn + 0.5) * imageWidth / GridWidth, (PeakRow + 0.5) * imageHeight / GridHeight);

    internal static (int Row, int Column) Peak(ReadOnlySpan<float> map, int width)
    {
        int best = 0;
        for (int i = 1; i < map.Length; i++)
            if (map[i] > map[best]) best = i;
        return (best / width, best % width);
    }
}
