using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Rendering;

namespace Microsoft.ML.AudioVisual.Reports;

/// <summary>Heat-map overlays of a localizer on composite scenes, to look at next to the pointing-game numbers.</summary>
public static class SceneHeatmaps
{
    /// <summary>
    /// Builds <paramref name="count"/> scenes as <see cref="LocalizationEvaluator"/> does (same grid and seed, so they
    /// are its first scenes), localises each scene's sound and writes <c>sceneNN_LABELNAME{label}_cell{target}.png</c>
    /// (scaled 4x) into <paramref name="folder"/>.
    /// </summary>
    /// <param name="localizer">The trained localizer.</param>
    /// <param name="data">Examples the scenes are composed from.</param>
    /// <param name="grid">Cells per side of each scene.</param>
    /// <param name="count">Scenes to draw.</param>
    /// <param name="seed">The evaluator's seed.</param>
    /// <param name="folder">Where the PNGs go (created when missing).</param>
    /// <param name="writeOverlay">Draws each overlay (e.g. <c>HeatmapRenderer.WritePng</c> of the Rendering package).</param>
    /// <param name="labelName">Word before the label in the file names.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(SoundLocalizerTransformer localizer, AudioVisualExamples data, int grid, int count, int seed, string folder,
        Action<HeatmapOverlay> writeOverlay, string labelName = "class")
    {
        ArgumentNullException.ThrowIfNull(writeOverlay);
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(data);
        Directory.CreateDirectory(folder);
        var scenes = CompositeScenes.Build(data, grid, count, seed);
        var results = localizer.Localize(scenes.Select(s => s.Image).ToList(), scenes[0].Height, scenes[0].Width,
            scenes.Select(s => data.Spectrograms[s.SoundIndex]).ToList());
        var files = new string[scenes.Count];
        for (int i = 0; i < scenes.Count; i++)
        {
            var s = scenes[i];
            files[i] = Path.Combine(folder, $"scene{i:00}_{labelName}{s.TargetLabel}_cell{s.TargetCell}.png");
            writeOverlay(new HeatmapOverlay(files[i], s.Image, data.ImageShape[0], s.Height, s.Width, results[i].Heatmap, results[i].GridHeight, results[i].GridWidth, Scale: 4));
        }
        return files;
    }
}
