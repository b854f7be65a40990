namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// A grid of images, exactly one of which shows the class of a sound: the target region is known by
/// construction, so where a localiser points can be scored (the pointing game).
/// </summary>
/// <param name="Image">The scene, <c>[C, grid x H, grid x W]</c>.</param>
/// <param name="Grid">Cells per side.</param>
/// <param name="TargetCell">Row-major index of the cell that shows the sound's class.</param>
/// <param name="SoundIndex">Index of the sound in the source set's spectrograms.</param>
/// <param name="CellLabels">Class shown in each cell (all different).</param>
/// <param name="CellHeight">Cell height in pixels.</param>
/// <param name="CellWidth">Cell width in pixels.</param>
internal sealed record CompositeScene(float[] Image, int Grid, int TargetCell, int SoundIndex, int[] CellLabels, int CellHeight, int CellWidth)
{
    /// <summary>Scene height in pixels.</summary>
    public int Height => Grid * CellHeight;

    /// <summary>Scene width in pixels.</summary>
    public int Width => Grid * CellWidth;

    /// <summary>The class of the sound (and of the target cell).</summary>
    public int TargetLabel => CellLabels[TargetCell];

    /// <summary>True when the pixel position (x, y) lies in the target cell (half-open bounds).</summary>
    public bool InTarget(double x, double y) =>
        (int)Math.Floor(x / CellWidth) == TargetCell % Grid && (int)Math.Floor(y / CellHeight) == TargetCell / Grid;
}

/// <summary>Builds deterministic lists of <see cref="CompositeScene"/>s from an audio-visual set (e.g. AV-MNIST-FSDD).</summary>
internal static class CompositeScenes
{
    /// <summary>
    /// One scene per sound (every sound is used, in a seeded order), cycling when <paramref name="count"/>
    /// exceeds the sounds: the target cell (random) shows a random image of the sound's class, every other
    /// cell a random image of a different class, all classes in a scene distinct.
    /// </summary>
    /// <param name="source">Images and sounds with labels.</param>
    /// <param name="grid">Cells per side (2 or 3 in the pointing game).</param>
    /// <param name="count">Scenes to build; null for one per sound.</param>
    /// <param name="seed">Fixes the whole list.</param>
    public static IReadOnlyList<CompositeScene> Build(AudioVisualExamples source, int grid, int? count, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (grid < 1) throw new ArgumentOutOfRangeException(nameof(grid), $"The grid needs at least one cell per side, got {grid}.");
        var byClass = source.ImageLabels.Select((label, index) => (label, index)).GroupBy(p => p.label)
            .ToDictionary(g => g.Key, g => g.Select(p => p.index).ToArray());
        if (byClass.Count < grid * grid)
            throw new ArgumentException($"A {grid}x{grid} scene needs {grid * grid} distinct image classes; the images hold {byClass.Count}.", nameof(source));
        var usable = Enumerable.Range(0, source.Spectrograms.Count).Where(i => byClass.ContainsKey(source.AudioLabels[i])).ToArray();
        if (usable.Length == 0) throw new ArgumentException("No sound has an image of its class.", nameof(source));

        int channels = source.ImageShape[0], height = source.ImageShape[1], width = source.ImageShape[2];
        var random = new Random(seed);
        var order = usable.ToArray();
        random.Shuffle(order);
        var classes = byClass.Keys.Order().ToArray();
        int total = count ?? usable.Length;
        var scenes = new List<CompositeScene>(total);
        for (int s = 0; s < total; s++)
        {
            if (s > 0 && s % order.Length == 0) random.Shuffle(order);
            int sound = order[s % order.Length];
            int target = random.Next(grid * grid);
            var labels = new int[grid * grid];
            var others = classes.Where(c => c != source.AudioLabels[sound]).ToArray();
            random.Shuffle(others);
            for (int cell = 0, next = 0; cell < labels.Length; cell++)
                labels[cell] = cell == target ? source.AudioLabels[sound] : others[next++];
            var image = Compose(labels.Select(label => source.Images[byClass[label][random.Next(byClass[label].Length)]]).ToArray(), channels, height, width, grid);
            scenes.Add(new CompositeScene(image, grid, target, sound, labels, height, width));
        }
        return scenes;
    }

    /// <summary>
    /// <paramref name="count"/> scenes (see <see cref="Build"/>) as a set to train a localizer on: each scene is an
    /// image <c>[C, grid H, grid W]</c> paired with its target's sound, and both carry the target class as their label,
    /// so <see cref="AudioVisualExamples.PairsView"/> groups by it; every cell's class is in
    /// <see cref="AudioVisualExamples.ImageLabelSets"/> (the view's <c>VisibleGroups</c>), so that a trainer told about them
    /// gives a negative a sound of a class absent from the whole scene (only when the classes outnumber the cells: otherwise
    /// no class is absent, the sets are null, and a negative only avoids the target's class). The source's front-end
    /// travels with the set.
    /// </summary>
    public static AudioVisualExamples BuildExamples(AudioVisualExamples source, int grid, int count, int seed)
    {
        var scenes = Build(source, grid, count, seed);
        var labels = scenes.Select(s => s.TargetLabel).ToArray();
        return new AudioVisualExamples([source.ImageShape[0], scenes[0].Height, scenes[0].Width], scenes.Select(s => s.Image).ToArray(), labels,
            source.SpectrogramShape, scenes.Select(s => source.Spectrograms[s.SoundIndex]).ToArray(), labels,
            Enumerable.Range(0, scenes.Count).Select(i => (i, i)).ToArray(), source.FrontEnd,
            source.ImageLabels.Distinct().Count() > grid * grid ? [.. scenes.Select(s => s.CellLabels)] : null);
    }

    /// <summary>Tiles <c>grid x grid</c> images <c>[C, H, W]</c> (row-major cell order) into one scene <c>[C, grid H, grid W]</c>.</summary>
    public static float[] Compose(IReadOnlyList<float[]> cells, int channels, int height, int width, int grid)
    {
        if (cells.Count != grid * grid) throw new ArgumentException($"A {grid}x{grid} scene needs {grid * grid} images, got {cells.Count}.", nameof(cells));
        var scene = new float[channels * grid * height * grid * width];
        for (int cell = 0; cell < cells.Count; cell++) Paste(cells[cell], scene, channels, height, width, grid, cell);
        return scene;
    }

    private static void Paste(float[] cellImage, float[] scene, int channels, int height, int width, int grid, int cell)
    {
        int sceneWidth = grid * width, sceneHeight = grid * height;
        int top = cell / grid * height, left = cell % grid * width;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                cellImage.AsSpan((c * height + y) * width, width)
                    .CopyTo(scene.AsSpan((c * sceneHeight + top + y) * sceneWidth + left, width));
    }
}
