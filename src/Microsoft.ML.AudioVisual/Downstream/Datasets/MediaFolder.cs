namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// A collection with one sub-folder per class (<c>root/dog/a.wav</c>, <c>root/cat/b.wav</c>): audio, images or
/// videos. Class names are the sub-folder names in ordinal order; files in nested folders belong to the class
/// of their top-level folder. Attributes: <c>class</c> and <c>file</c> (the file name).
/// </summary>
public static class MediaFolder
{
    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <param name="root">The folder holding one sub-folder per class.</param>
    /// <param name="modality">The kind of file to take; null to infer it from the files (they must then be of one kind).</param>
    /// <param name="name">The data set name for reports.</param>
    /// <remarks>
    /// Files that are not media (by extension) are not rows and are ignored. Media files of another modality, and
    /// media files directly in <paramref name="root"/> (no class), are listed in <see cref="DownstreamDataset.Skipped"/>.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="InvalidDataException">No class folder holds media, or the modality is ambiguous.</exception>
    public static DownstreamDataset Load(string root, MediaModality? modality = null, string name = "folder")
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Data set folder '{root}' does not exist.");
        root = Path.GetFullPath(root);
        var classes = Directory.EnumerateDirectories(root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        var files = classes
            .SelectMany(c => Directory.EnumerateFiles(Path.Combine(root, c), "*", SearchOption.AllDirectories).Select(f => (Class: c, Path: f)))
            .Select(f => (f.Class, f.Path, Kind: MediaFileKinds.Of(f.Path)))
            .Where(f => f.Kind is not null)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"'{root}' has no class sub-folders with media files (expected root/<class>/<file>).");
        if (modality is null)
        {
            var kinds = files.GroupBy(f => f.Kind!.Value).OrderByDescending(g => g.Count()).ToList();
            if (kinds.Count > 1)
                throw new InvalidDataException($"'{root}' mixes {string.Join(" and ", kinds.Select(k => $"{k.Count()} {k.Key.ToString().ToLowerInvariant()}"))} files; say which modality to use.");
            modality = kinds[0].Key;
        }

        var skipped = Directory.EnumerateFiles(root).Where(f => MediaFileKinds.Of(f) is not null).Order(StringComparer.Ordinal)
            .Select(f => new SkippedItem(f, SkipCause.Excluded, "not inside a class folder")).ToList();
        var items = new List<DownstreamItem>();
        foreach (var (label, path, kind) in files)
        {
            if (kind != modality)
            {
                skipped.Add(new SkippedItem(path, SkipCause.Excluded, $"a {kind.ToString()!.ToLowerInvariant()} file in a {modality.ToString()!.ToLowerInvariant()} collection"));
                continue;
            }
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["class"] = label, ["file"] = Path.GetFileName(path) };
            items.Add(new DownstreamItem(path, label, null, null, attributes));
        }
        return new DownstreamDataset(name, modality.Value, classes, items, skipped);
    }
}
