namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// A labelled collection of media files for downstream classification (ESC-50, DCASE scenes, UCF101, a folder
/// per class), with the items that could not take part listed in <see cref="Skipped"/>. Build one with
/// <see cref="Esc50"/>, <see cref="DcaseScenes"/>, <see cref="Ucf101"/>, <see cref="MediaFolder"/> or
/// <see cref="DownstreamDatasets.Load"/>.
/// </summary>
/// <remarks>
/// Immutable. The classes keep the order the data set declares (ESC-50 <c>target</c>, UCF101 <c>classInd.txt</c>,
/// sorted folder names), restricted to the classes that have at least one item.
/// </remarks>
public sealed class DownstreamDataset
{
    private readonly Dictionary<string, int> _classIndex;

    /// <summary>Creates a data set.</summary>
    /// <param name="name">A short name for reports (e.g. <c>esc50</c>).</param>
    /// <param name="modality">What the files hold.</param>
    /// <param name="classes">Every class in its declared order; classes without items are dropped.</param>
    /// <param name="items">The items.</param>
    /// <param name="skipped">Items already left out (missing files, ...).</param>
    /// <exception cref="InvalidDataException">An item's label is not among <paramref name="classes"/>, or a path repeats.</exception>
    public DownstreamDataset(string name, MediaModality modality, IEnumerable<string> classes, IEnumerable<DownstreamItem> items, IEnumerable<SkippedItem>? skipped = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(items);
        Name = name;
        Modality = modality;
        Items = items.ToArray();
        Skipped = (skipped ?? []).ToArray();
        var declared = classes.Distinct(StringComparer.Ordinal).ToList();
        var unknown = Items.Select(i => i.Label).Where(l => !declared.Contains(l, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"Data set '{name}': label(s) {string.Join(", ", unknown.Take(5).Select(l => $"'{l}'"))} are not among the declared classes.");
        var duplicate = Items.GroupBy(i => i.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException($"Data set '{name}' lists '{duplicate.Key}' {duplicate.Count()} times.");
        var present = Items.Select(i => i.Label).ToHashSet(StringComparer.Ordinal);
        Classes = declared.Where(present.Contains).ToArray();
        _classIndex = Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        Labels = Items.Select(i => _classIndex[i.Label]).ToArray();
    }

    /// <summary>A short name for reports.</summary>
    public string Name { get; }

    /// <summary>What the files hold.</summary>
    public MediaModality Modality { get; }

    /// <summary>The class names; an item's class index is its label's position here.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The items that take part.</summary>
    public IReadOnlyList<DownstreamItem> Items { get; }

    /// <summary>The class index of every item, in item order.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The items left out, with the reason.</summary>
    public IReadOnlyList<SkippedItem> Skipped { get; }

    /// <summary>True when at least one item carries a declared fold.</summary>
    public bool HasDeclaredFolds => Items.Any(i => i.Fold is not null);

    /// <summary>True when the items carry a declared train/test split.</summary>
    public bool HasDeclaredSplit => Items.Any(i => i.Split is not null);

    /// <summary>The attribute names shared by every item (the columns usable with <see cref="AttributeValues"/>).</summary>
    public IReadOnlyList<string> AttributeNames =>
        Items.Count == 0 ? [] : Items.Select(i => i.Attributes.Keys).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The value of attribute <paramref name="name"/> for every item (e.g. <c>src_file</c>), in item order.</summary>
    /// <exception cref="ArgumentException">Some item lacks the attribute; the message lists the available ones.</exception>
    public string[] AttributeValues(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var values = new string[Items.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!Items[i].Attributes.TryGetValue(name, out var value))
                throw new ArgumentException($"Data set '{Name}' has no column '{name}' for '{Items[i].Path}'. Available: {string.Join(", ", AttributeNames)}.", nameof(name));
            values[i] = value;
        }
        return values;
    }

    /// <summary>
    /// A copy without the items named in <paramref name="leftOut"/>, which join <see cref="Skipped"/>. Classes keep
    /// their order (a class that loses all its items disappears).
    /// </summary>
    public DownstreamDataset Without(IReadOnlyCollection<SkippedItem> leftOut)
    {
        ArgumentNullException.ThrowIfNull(leftOut);
        if (leftOut.Count == 0) return this;
        var paths = leftOut.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        var newlySkipped = leftOut.Where(s => !Skipped.Any(k => k.Path == s.Path)).ToList();
        return new DownstreamDataset(Name, Modality, Classes, Items.Where(i => !paths.Contains(i.Path)), Skipped.Concat(newlySkipped));
    }

    /// <summary>
    /// The items as a data view: <c>Path</c> (text), <c>Label</c> (<c>Key&lt;UInt32&gt;</c> over <see cref="Classes"/>,
    /// with the class names as key values), and, when the data set has them, <c>Fold</c> (Int32, declared fold),
    /// <c>Split</c> (text, <c>Train</c> or <c>Test</c>) and <c>Group</c> (text, the <paramref name="groupBy"/> attribute).
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="groupBy">An attribute to expose as the <c>Group</c> column, or null.</param>
    public IDataView ToDataView(MLContext context, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var groups = groupBy is null ? null : AttributeValues(groupBy);
        var rows = Items.Select((item, i) => new ItemRow
        {
            Path = item.Path,
            Label = (uint)Labels[i], // LoadFromEnumerable stores key columns zero-based: the view shows key index + 1
            Fold = item.Fold ?? -1,
            Split = item.Split?.ToString() ?? "",
            Group = groups?[i] ?? "",
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(ItemRow));
        DataViewSchemaColumns.SetKeyColumn(schema[nameof(ItemRow.Label)], Classes);
        // Columns the data set does not declare are left out rather than filled with placeholders.
        if (!HasDeclaredFolds) schema.RemoveAll(c => c.ColumnName == nameof(ItemRow.Fold));
        if (!HasDeclaredSplit) schema.RemoveAll(c => c.ColumnName == nameof(ItemRow.Split));
        if (groups is null) schema.RemoveAll(c => c.ColumnName == nameof(ItemRow.Group));
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>The item (or class) count and skipped summary, e.g. <c>esc50: 80 audio items, 10 classes, none skipped</c>.</summary>
    public override string ToString() =>
        $"{Name}: {Items.Count} {Modality.ToString().ToLowerInvariant()} items, {Classes.Count} classes, {SkippedItem.Summarize(Skipped)}";

    private sealed class ItemRow
    {
        public string Path { get; set; } = "";

        public uint Label { get; set; }

        public int Fold { get; set; }

        public string Split { get; set; } = "";

        public string Group { get; set; } = "";
    }
}
