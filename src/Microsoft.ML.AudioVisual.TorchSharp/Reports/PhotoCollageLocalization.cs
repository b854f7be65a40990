using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Reports;

/// <summary>
/// Shows a sound localizer on real photos: for every subject, a 2 x 2 collage of its photo and three others (centre
/// squares, seeded order and position) is localised with the loudest second of its recording, and the heat-map
/// overlay is handed to a writer as <c>collage_NAME.png</c>.
/// </summary>
public static class PhotoCollageLocalization
{
    /// <summary>Photo-sound pairs a 2 x 2 collage needs.</summary>
    public const int MinimumPairs = 4;

    /// <summary>Localises one collage per subject and writes its overlay (scaled 2x) into <paramref name="outputFolder"/>.</summary>
    /// <param name="localizer">The trained localizer.</param>
    /// <param name="pairs">At least four subjects, sounds at the front-end's rate.</param>
    /// <param name="frontEnd">The localizer's audio front-end.</param>
    /// <param name="cellSize">Side of each photo in the collage, in pixels.</param>
    /// <param name="outputFolder">Where the PNGs go (created when missing).</param>
    /// <param name="seed">Fixes the other photos of each collage and the target's position.</param>
    /// <param name="writeOverlay">Draws each overlay (e.g. <c>HeatmapRenderer.WritePng</c> of the Rendering package).</param>
    public static CollageReport Run(SoundLocalizerTransformer localizer, IReadOnlyList<PhotoSoundPair> pairs, SpectrogramOptions frontEnd, int cellSize,
        string outputFolder, int seed, Action<HeatmapOverlay> writeOverlay)
    {
        ArgumentNullException.ThrowIfNull(writeOverlay);
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count < MinimumPairs) throw new ArgumentException($"A 2x2 collage needs {MinimumPairs} photo-sound pairs; there are {pairs.Count}.", nameof(pairs));
        Directory.CreateDirectory(outputFolder);
        var computer = new SpectrogramComputer(frontEnd);
        var random = new Random(seed);
        int side = 2 * cellSize;
        var results = new List<CollageResult>(pairs.Count);
        for (int k = 0; k < pairs.Count; k++)
        {
            var cells = Enumerable.Range(0, pairs.Count).Where(i => i != k).OrderBy(_ => random.Next()).Take(3).ToList();
            int target = random.Next(4);
            cells.Insert(target, k);
            var image = CompositeScenes.Compose(cells.Select(i => pairs[i].CentreSquare(cellSize)).ToList(), 3, cellSize, cellSize, grid: 2);
            var scene = new CompositeScene(image, 2, target, k, cells.ToArray(), cellSize, cellSize);
            var spectrogram = computer.Compute(pairs[k].LoudestWindow());
            var result = localizer.Localize([image], side, side, [spectrogram])[0];
            var (x, y) = result.PeakInImage(side, side);
            var png = Path.Combine(outputFolder, $"collage_{pairs[k].Name}.png");
            writeOverlay(new HeatmapOverlay(png, image, 3, side, side, result.Heatmap, result.GridHeight, result.GridWidth, Scale: 2));
            results.Add(new CollageResult(pairs[k].Name, result.Score, scene.InTarget(x, y), png));
        }
        return new CollageReport(results);
    }
}
