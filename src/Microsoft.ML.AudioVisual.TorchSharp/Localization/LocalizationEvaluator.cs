using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>The pointing game on composite scenes, with its baselines, and the localizer's correspondence accuracy.</summary>
/// <param name="PointingAccuracy">Fraction of scenes whose heat-map peak falls inside the target cell.</param>
/// <param name="BaselineCenterAccuracy">The same for always pointing at the image centre.</param>
/// <param name="BaselineRandomAccuracy">The same for pointing at a random heat-map cell (seeded).</param>
/// <param name="AvcAccuracy">Correspondence accuracy (image-level score) on balanced single-image pairs.</param>
/// <param name="Scenes">Scenes evaluated.</param>
/// <param name="Grid">Scene grid (cells per side).</param>
public sealed record LocalizationReport(double PointingAccuracy, double BaselineCenterAccuracy, double BaselineRandomAccuracy, double AvcAccuracy, int Scenes, int Grid);

/// <summary>Evaluates sound localizers with the pointing game on composite scenes (target region known by construction).</summary>
public static class LocalizationEvaluator
{
    /// <summary>Builds one <paramref name="grid"/> x <paramref name="grid"/> scene per sound of <paramref name="data"/> and plays the pointing game.</summary>
    public static LocalizationReport Evaluate(SoundLocalizerTransformer model, AudioVisualExamples data, int grid, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var scenes = CompositeScenes.Build(data, grid, count: null, seed);
        int height = scenes[0].Height, width = scenes[0].Width;
        var results = model.Localize(scenes.Select(s => s.Image).ToList(), height, width, scenes.Select(s => data.Spectrograms[s.SoundIndex]).ToList());

        var random = new Random(unchecked(seed * 31 + 7));
        double pointing = 0, center = 0, randomCell = 0;
        for (int i = 0; i < scenes.Count; i++)
        {
            var (x, y) = results[i].PeakInImage(width, height);
            pointing += scenes[i].InTarget(x, y) ? 1 : 0;
            center += scenes[i].InTarget(width / 2.0, height / 2.0) ? 1 : 0;
            var guess = results[i] with { PeakRow = random.Next(results[i].GridHeight), PeakColumn = random.Next(results[i].GridWidth) };
            var (rx, ry) = guess.PeakInImage(width, height);
            randomCell += scenes[i].InTarget(rx, ry) ? 1 : 0;
        }

        var (images, sounds, corresponds) = BalancedPairs.Draw(data, seed);
        var scores = model.Localize(images.Select(i => data.Images[i]).ToList(), data.ImageShape[1], data.ImageShape[2],
            sounds.Select(i => data.Spectrograms[i]).ToList()).Select(r => r.Score).ToArray();
        int n = scenes.Count;
        return new LocalizationReport(pointing / n, center / n, randomCell / n, BalancedPairs.Accuracy(scores, corresponds), n, grid);
    }
}
