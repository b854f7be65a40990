using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The window features of every item of a data set, made by one <see cref="IClipFeatureExtractor"/>. Items whose
/// file could not be read are moved to the data set's <see cref="DownstreamDataset.Skipped"/> list, so
/// <see cref="Dataset"/> and <see cref="Windows"/> always line up.
/// </summary>
public sealed class ClipFeatureSet
{
    private ClipFeatureSet(DownstreamDataset dataset, IReadOnlyList<float[][]> windows, int dimension, string featureName)
    {
        Dataset = dataset;
        Windows = windows;
        Dimension = dimension;
        FeatureName = featureName;
    }

    /// <summary>The items featurised (unreadable ones moved to <see cref="DownstreamDataset.Skipped"/>).</summary>
    public DownstreamDataset Dataset { get; }

    /// <summary>For every item of <see cref="Dataset"/>, its windows' features.</summary>
    public IReadOnlyList<float[][]> Windows { get; }

    /// <summary>Values per window.</summary>
    public int Dimension { get; }

    /// <summary>The extractor's name.</summary>
    public string FeatureName { get; }

    /// <summary>Featurises every item of <paramref name="dataset"/>, one file at a time.</summary>
    /// <param name="dataset">The items.</param>
    /// <param name="extractor">The features.</param>
    /// <param name="progress">Receives the number of files done after each file.</param>
    /// <param name="cancellationToken">Stops between files (and inside FFmpeg).</param>
    /// <exception cref="ArgumentException">The extractor cannot read this data set's modality.</exception>
    /// <exception cref="InvalidOperationException">The extractor returned no windows, windows of the wrong size or non-finite values (a file-independent fault).</exception>
    public static ClipFeatureSet Extract(DownstreamDataset dataset, IClipFeatureExtractor extractor, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(extractor);
        if (!extractor.Supports(dataset.Modality))
            throw new ArgumentException($"The '{extractor.Name}' features cannot be made from {dataset.Modality.ToString().ToLowerInvariant()} files (data set '{dataset.Name}').", nameof(extractor));
        var windows = new List<float[][]>(dataset.Items.Count);
        var failed = new List<SkippedItem>();
        for (int i = 0; i < dataset.Items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = dataset.Items[i].Path;
            try
            {
                var features = extractor.ExtractWindows(path, cancellationToken);
                Check(features, extractor, path);
                windows.Add(features);
            }
            catch (MediaLoadException e)
            {
                failed.Add(new SkippedItem(path, e.Problem == MediaProblem.Missing ? SkipCause.Missing : SkipCause.Unreadable, e.Message));
            }
            catch (InvalidDataException e)
            {
                failed.Add(new SkippedItem(path, SkipCause.Unreadable, e.Message));
            }
            progress?.Report(i + 1);
        }
        return new ClipFeatureSet(dataset.Without(failed), windows, extractor.Dimension, extractor.Name);
    }

    /// <summary>A copy restricted to the items of <paramref name="dataset"/> (a subset of this set's items, for example those two extractors both read).</summary>
    /// <exception cref="ArgumentException">The data set names an item this set does not hold.</exception>
    public ClipFeatureSet Restrict(DownstreamDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var index = Dataset.Items.Select((item, i) => (item.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        var windows = dataset.Items.Select(item => index.TryGetValue(item.Path, out int i)
            ? Windows[i]
            : throw new ArgumentException($"'{item.Path}' has no {FeatureName} features.", nameof(dataset))).ToArray();
        return new ClipFeatureSet(dataset, windows, Dimension, FeatureName);
    }

    /// <summary>One pooled vector per item.</summary>
    public float[][] Pool(TimePooling pooling) => Windows.Select(w => TimePool.Apply(w, pooling)).ToArray();

    /// <summary>
    /// The features as a data view: <c>Features</c> (<c>Vector&lt;Single, D&gt;</c>), <c>Label</c> (<c>Key&lt;UInt32&gt;</c> over
    /// the classes), <c>Item</c> (Int32, the item's position) and, when given, <c>Fold</c> (Int32, from
    /// <paramref name="folds"/>) and <c>Group</c> (text, the <paramref name="groupBy"/> attribute).
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="pooling">One row per item, pooled so; null for one row per window (the input for searching over pooling).</param>
    /// <param name="folds">Fold of every item, or null.</param>
    /// <param name="groupBy">An attribute to expose as <c>Group</c>, or null.</param>
    public IDataView ToDataView(MLContext context, TimePooling? pooling = null, FoldAssignment? folds = null, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (folds is not null && folds.FoldOf.Count != Windows.Count)
            throw new ArgumentException($"The fold assignment has {folds.FoldOf.Count} rows but there are {Windows.Count} items.", nameof(folds));
        var groups = groupBy is null ? null : Dataset.AttributeValues(groupBy);
        var pooled = pooling is { } p ? Pool(p) : null;
        var rows = new List<FeatureRow>();
        for (int item = 0; item < Windows.Count; item++)
        {
            var vectors = pooled is null ? Windows[item] : [pooled[item]];
            foreach (var vector in vectors)
            {
                rows.Add(new FeatureRow
                {
                    Features = vector,
                    Label = (uint)Dataset.Labels[item], // zero-based: LoadFromEnumerable shows it as key index + 1
                    Item = item,
                    Fold = folds?.FoldOf[item] ?? 0,
                    Group = groups?[item] ?? "",
                });
            }
        }
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        DataViewSchemaColumns.SetVectorColumn(schema[nameof(FeatureRow.Features)], pooling is { } q ? TimePool.Dimension(Dimension, q) : Dimension);
        DataViewSchemaColumns.SetKeyColumn(schema[nameof(FeatureRow.Label)], Dataset.Classes);
        if (folds is null) schema.RemoveAll(c => c.ColumnName == nameof(FeatureRow.Fold));
        if (groups is null) schema.RemoveAll(c => c.ColumnName == nameof(FeatureRow.Group));
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>
    /// Writes the pooled features for other tools: <c>features.npy</c> (float32 <c>[N, D]</c>), <c>labels.npy</c> and
    /// <c>folds.npy</c> (int64 <c>[N]</c>, class index and fold, negative for training only), and <c>items.tsv</c>
    /// (path and class name per row) into <paramref name="folder"/>, each file atomically.
    /// </summary>
    public void Export(string folder, TimePooling pooling, FoldAssignment folds)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(folds);
        var pooled = Pool(pooling);
        int dimension = TimePool.Dimension(Dimension, pooling);
        Directory.CreateDirectory(folder);
        NpyFile.Write(Path.Combine(folder, "features.npy"), pooled.SelectMany(v => v).ToArray(), pooled.Length, dimension);
        NpyFile.Write(Path.Combine(folder, "labels.npy"), NpyArray.FromInt64s(Dataset.Labels.Select(l => (long)l).ToArray(), pooled.Length));
        NpyFile.Write(Path.Combine(folder, "folds.npy"), NpyArray.FromInt64s(folds.FoldOf.Select(f => (long)f).ToArray(), pooled.Length));
        AtomicFile.WriteAllText(Path.Combine(folder, "items.tsv"), string.Concat(Dataset.Items.Select(i => $"{i.Path}\t{i.Label}\n")));
    }

    private static void Check(float[][] windows, IClipFeatureExtractor extractor, string path)
    {
        if (windows is null || windows.Length == 0)
            throw new InvalidOperationException($"The '{extractor.Name}' features of '{path}' have no windows.");
        try
        {
            FeatureRows.Check(windows, "windows", extractor.Dimension);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The '{extractor.Name}' features of '{path}' are unusable: {e.Message}", e);
        }
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }

        public int Item { get; set; }

        public int Fold { get; set; }

        public string Group { get; set; } = "";
    }
}
