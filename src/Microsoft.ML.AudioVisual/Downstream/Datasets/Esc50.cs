using System.Globalization;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// ESC-50 (and ESC-10) environmental sounds: <c>meta/esc50.csv</c> with the columns <c>filename, fold, target,
/// category, esc10, src_file, take</c> and the clips in <c>audio/</c> (5 s WAV, 44.1 kHz). Classes are the
/// <c>category</c> names in <c>target</c> order; folds are the declared <c>fold</c> column; every CSV column is an
/// attribute (group clips cut from one recording with <c>src_file</c>).
/// </summary>
public static class Esc50
{
    /// <summary>The metadata file, relative to the root.</summary>
    public const string MetadataPath = "meta/esc50.csv";

    /// <summary>Loads the data set at <paramref name="root"/>. Rows whose audio file is missing are listed in <see cref="DownstreamDataset.Skipped"/>.</summary>
    /// <param name="root">The folder holding <c>meta/</c> and <c>audio/</c>.</param>
    /// <param name="esc10Only">Keep only the ESC-10 rows (<c>esc10</c> is <c>True</c>).</param>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="FileNotFoundException">The metadata file does not exist.</exception>
    /// <exception cref="InvalidDataException">The CSV lacks a required column or has a bad fold or target; the message names the file and line.</exception>
    public static DownstreamDataset Load(string root, bool esc10Only = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"ESC-50 folder '{root}' does not exist.");
        string meta = Path.Combine(root, MetadataPath);
        var rows = DelimitedText.Read(meta);
        if (rows.Count == 0) throw new InvalidDataException($"'{meta}' is empty.");
        var header = rows[0];
        int file = Require(header, meta, "filename"), fold = Require(header, meta, "fold"), target = Require(header, meta, "target"), category = Require(header, meta, "category");
        int esc10 = DelimitedText.Column(header, "esc10");
        if (esc10Only && esc10 < 0) throw new InvalidDataException($"'{meta}' has no 'esc10' column, so ESC-10 cannot be selected.");

        var items = new List<DownstreamItem>();
        var skipped = new List<SkippedItem>();
        var targets = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int line = 1; line < rows.Count; line++)
        {
            var row = rows[line];
            if (row.Length < header.Length) throw new InvalidDataException($"'{meta}' line {line + 1} has {row.Length} fields, the header has {header.Length}.");
            if (esc10Only && !string.Equals(row[esc10], "True", StringComparison.OrdinalIgnoreCase)) continue;
            int foldNumber = ParseInt(row[fold], meta, line, "fold");
            targets[row[category]] = ParseInt(row[target], meta, line, "target");
            string path = Path.GetFullPath(Path.Combine(root, "audio", row[file]));
            if (!File.Exists(path))
            {
                skipped.Add(new SkippedItem(path, SkipCause.Missing, $"listed in {MetadataPath} line {line + 1} but the file does not exist"));
                continue;
            }
            items.Add(new DownstreamItem(path, row[category], foldNumber, null, DelimitedText.Attributes(header, row)));
        }
        var classes = targets.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key);
        return new DownstreamDataset(esc10Only ? "esc10" : "esc50", MediaModality.Audio, classes, items, skipped);
    }

    private static int Require(string[] header, string meta, string name)
    {
        int index = DelimitedText.Column(header, name);
        return index >= 0 ? index : throw new InvalidDataException($"'{meta}' has no '{name}' column (header: {string.Join(",", header)}).");
    }

    private static int ParseInt(string text, string meta, int line, string column) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidDataException($"'{meta}' line {line + 1}: {column} '{text}' is not an integer.");
}
