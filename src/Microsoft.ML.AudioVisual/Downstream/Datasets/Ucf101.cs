using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// UCF101 action videos with an official split: <c>classInd.txt</c> (<c>1 ApplyEyeMakeup</c>), <c>trainlist0N.txt</c>
/// (<c>ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1</c>) and <c>testlist0N.txt</c> (path only), in the root or in
/// <c>ucfTrainTestlist/</c>; videos under <c>UCF-101/</c>, <c>videos/</c> or the root. Attributes: <c>class</c>,
/// <c>group</c> (the <c>gNN</c> actor group, which the official splits keep together) and <c>clip</c>.
/// </summary>
public static partial class Ucf101
{
    /// <summary>Loads split <paramref name="split"/> (1, 2 or 3): items of the train list are <see cref="Split.Train"/>, of the test list <see cref="Split.Test"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="FileNotFoundException">A list file does not exist.</exception>
    /// <exception cref="InvalidDataException">A list line is malformed or disagrees with <c>classInd.txt</c>; the message names the file and line.</exception>
    public static DownstreamDataset Load(string root, int split = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentOutOfRangeException.ThrowIfLessThan(split, 1);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"UCF101 folder '{root}' does not exist.");
        root = Path.GetFullPath(root);
        string lists = File.Exists(Path.Combine(root, "classInd.txt")) ? root : Path.Combine(root, "ucfTrainTestlist");
        string videos = new[] { "UCF-101", "videos" }.Select(d => Path.Combine(root, d)).FirstOrDefault(Directory.Exists) ?? root;

        string classFile = Path.Combine(lists, "classInd.txt");
        var classOf = new Dictionary<int, string>();
        foreach (var (row, line) in Lines(classFile))
        {
            if (row.Length < 2 || !int.TryParse(row[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
                throw new InvalidDataException($"'{classFile}' line {line}: expected '<index> <class>'.");
            classOf[index] = row[1];
        }

        var items = new List<DownstreamItem>();
        var skipped = new List<SkippedItem>();
        foreach (var (listName, part) in new[] { ($"trainlist{split:00}.txt", Split.Train), ($"testlist{split:00}.txt", Split.Test) })
        {
            string listFile = Path.Combine(lists, listName);
            foreach (var (row, line) in Lines(listFile))
            {
                string relative = row[0].Replace('\\', '/');
                string label = relative.Contains('/') ? relative[..relative.IndexOf('/')] : "";
                if (row.Length > 1)
                {
                    if (!int.TryParse(row[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) || !classOf.TryGetValue(index, out var named))
                        throw new InvalidDataException($"'{listFile}' line {line}: class index '{row[1]}' is not in classInd.txt.");
                    if (label.Length > 0 && !string.Equals(label, named, StringComparison.OrdinalIgnoreCase))
                        throw new InvalidDataException($"'{listFile}' line {line}: the folder '{label}' disagrees with class {index} '{named}'.");
                    label = named;
                }
                var known = classOf.Values.FirstOrDefault(c => string.Equals(c, label, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidDataException($"'{listFile}' line {line}: '{relative}' is not in a class folder named in classInd.txt.");
                string path = Path.GetFullPath(Path.Combine(videos, relative));
                if (!File.Exists(path))
                {
                    skipped.Add(new SkippedItem(path, SkipCause.Missing, $"listed in {listName} line {line} but the file does not exist"));
                    continue;
                }
                var match = GroupAndClip().Match(Path.GetFileName(path));
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["class"] = known,
                    ["group"] = match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(path),
                    ["clip"] = match.Success ? match.Groups[2].Value : "",
                };
                items.Add(new DownstreamItem(path, known, null, part, attributes));
            }
        }
        return new DownstreamDataset("ucf101", MediaModality.Video, classOf.OrderBy(p => p.Key).Select(p => p.Value), items, skipped);
    }

    private static IEnumerable<(string[] Row, int Line)> Lines(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"UCF101 list '{file}' does not exist.", file);
        return File.ReadAllLines(file)
            .Select((text, i) => (Row: DelimitedText.Split(text, ' '), Line: i + 1))
            .Where(l => l.Row.Length > 0);
    }

    [GeneratedRegex(@"_(g\d+)_(c\d+)\.[^.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupAndClip();
}
