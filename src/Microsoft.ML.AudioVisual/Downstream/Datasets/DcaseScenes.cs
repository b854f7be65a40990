using System.Globalization;
using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// DCASE-style acoustic scenes: either a metadata table (<c>meta.csv</c>, <c>meta.txt</c> or <c>meta.tsv</c> in the
/// root, or a given file) with a file column, a label column and optionally a <c>fold</c> column, or, when there is
/// no table, one sub-folder per class (<see cref="MediaFolder"/>). An optional split file assigns items to train
/// or test.
/// </summary>
/// <remarks>
/// <para>
/// Tables are comma- or tab-separated. With a header, the file column is <c>file</c>, <c>filename</c> or <c>path</c>,
/// the label column <c>label</c>, <c>scene_label</c>, <c>scene</c>, <c>class</c> or <c>category</c>, and every column is an
/// attribute (DCASE 2018+'s <c>identifier</c> names the recording location: group by it). Without a header
/// (DCASE 2016/2017 <c>meta.txt</c>) the columns are file, label and, when it holds integers, fold, otherwise
/// <c>identifier</c>. File paths are relative to the table's folder.
/// </para>
/// <para>
/// The split file has two columns, file and <c>train</c> or <c>test</c> (<c>evaluate</c> and <c>evaluation</c> mean test),
/// with an optional header. Items it does not name are left out and listed as <see cref="SkipCause.Excluded"/>.
/// </para>
/// </remarks>
public static class DcaseScenes
{
    private static readonly string[] MetadataNames = ["meta.csv", "meta.txt", "meta.tsv"];

    /// <summary>Loads the scenes at <paramref name="root"/>.</summary>
    /// <param name="root">The data set folder.</param>
    /// <param name="metadataFile">The table; null to look for <c>meta.csv</c>/<c>meta.txt</c>/<c>meta.tsv</c> in the root, or use folders per class.</param>
    /// <param name="splitFile">An optional train/test split file.</param>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="FileNotFoundException">A given table or split file does not exist.</exception>
    /// <exception cref="InvalidDataException">A table lacks the file or label column, or the split file is malformed; the message names the file.</exception>
    public static DownstreamDataset Load(string root, string? metadataFile = null, string? splitFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"DCASE folder '{root}' does not exist.");
        root = Path.GetFullPath(root);
        metadataFile ??= MetadataNames.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);
        var dataset = metadataFile is null ? MediaFolder.Load(root, MediaModality.Audio, "dcase") : FromTable(root, metadataFile);
        if (splitFile is null) return dataset;
        string tableFolder = metadataFile is null ? root : Path.GetDirectoryName(Path.GetFullPath(metadataFile))!;
        return ApplySplit(dataset, splitFile, [Path.GetDirectoryName(Path.GetFullPath(splitFile))!, tableFolder, root]);
    }

    private static DownstreamDataset FromTable(string root, string metadataFile)
    {
        var rows = DelimitedText.Read(metadataFile);
        if (rows.Count == 0) throw new InvalidDataException($"'{metadataFile}' is empty.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(metadataFile))!;
        bool headerless = MediaFileKinds.Of(rows[0][0]) is not null;
        string[] header = headerless ? HeaderlessColumns(rows) : rows[0];
        int file = DelimitedText.Column(header, "file", "filename", "path");
        int label = DelimitedText.Column(header, "label", "scene_label", "scene", "class", "category");
        int fold = DelimitedText.Column(header, "fold");
        if (file < 0 || label < 0)
            throw new InvalidDataException($"'{metadataFile}' needs a file column (file, filename or path) and a label column (label, scene_label, scene, class or category); header: {string.Join(",", header)}.");

        var items = new List<DownstreamItem>();
        var skipped = new List<SkippedItem>();
        var classes = new List<string>();
        for (int line = headerless ? 0 : 1; line < rows.Count; line++)
        {
            var row = rows[line];
            if (row.Length <= Math.Max(file, label))
                throw new InvalidDataException($"'{metadataFile}' line {line + 1} has {row.Length} fields; the file and label columns need {Math.Max(file, label) + 1}.");
            string path = Resolve(row[file], folder, root);
            if (!File.Exists(path))
            {
                skipped.Add(new SkippedItem(path, SkipCause.Missing, $"listed in {Path.GetFileName(metadataFile)} line {line + 1} but the file does not exist"));
                continue;
            }
            int? foldNumber = fold >= 0 && fold < row.Length ? ParseFold(row[fold], metadataFile, line) : null;
            items.Add(new DownstreamItem(path, row[label], foldNumber, null, DelimitedText.Attributes(header, row)));
            classes.Add(row[label]);
        }
        return new DownstreamDataset("dcase", MediaModality.Audio, classes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), items, skipped);
    }

    private static string[] HeaderlessColumns(List<string[]> rows)
    {
        int width = rows.Max(r => r.Length);
        var header = Enumerable.Range(0, width).Select(c => $"column{c + 1}").ToArray();
        header[0] = "file";
        if (width > 1) header[1] = "label";
        if (width > 2) header[2] = rows.All(r => r.Length > 2 && int.TryParse(r[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) ? "fold" : "identifier";
        return header;
    }

    private static DownstreamDataset ApplySplit(DownstreamDataset dataset, string splitFile, string[] folders)
    {
        var rows = DelimitedText.Read(splitFile);
        var splitOf = new Dictionary<string, Split>(StringComparer.Ordinal);
        for (int line = 0; line < rows.Count; line++)
        {
            var row = rows[line];
            if (line == 0 && row.Length >= 2 && MediaFileKinds.Of(row[0]) is null) continue; // header
            if (row.Length < 2) throw new InvalidDataException($"'{splitFile}' line {line + 1}: expected 'file,train' or 'file,test'.");
            Split split = row[1].ToLowerInvariant() switch
            {
                "train" or "training" => Split.Train,
                "test" or "evaluate" or "evaluation" => Split.Test,
                _ => throw new InvalidDataException($"'{splitFile}' line {line + 1}: split '{row[1]}' is neither train nor test."),
            };
            splitOf[Resolve(row[0], folders)] = split;
        }
        var byPath = dataset.Items.ToDictionary(i => i.Path, StringComparer.Ordinal);
        var unknown = splitOf.Keys.Where(p => !byPath.ContainsKey(p) && !dataset.Skipped.Any(s => s.Path == p)).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"'{splitFile}' names {unknown.Count} file(s) the data set does not list, e.g. '{unknown[0]}'.");
        var items = new List<DownstreamItem>();
        var skipped = dataset.Skipped.ToList();
        foreach (var item in dataset.Items)
        {
            if (splitOf.TryGetValue(item.Path, out var split)) items.Add(item with { Split = split });
            else skipped.Add(new SkippedItem(item.Path, SkipCause.Excluded, $"not named in the split file {Path.GetFileName(splitFile)}"));
        }
        return new DownstreamDataset(dataset.Name, dataset.Modality, dataset.Classes, items, skipped);
    }

    /// <summary>A listed path: absolute, or relative to the first of <paramref name="folders"/> where it exists (the first when none).</summary>
    private static string Resolve(string listed, params string[] folders)
    {
        if (Path.IsPathRooted(listed)) return Path.GetFullPath(listed);
        var candidates = folders.Select(f => Path.GetFullPath(Path.Combine(f, listed))).ToList();
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }

    private static int ParseFold(string text, string file, int line) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int fold) && fold >= 0
            ? fold
            : throw new InvalidDataException($"'{file}' line {line + 1}: fold '{text}' is not a non-negative integer.");
}
