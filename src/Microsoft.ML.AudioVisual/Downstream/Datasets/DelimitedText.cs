using System.Text;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Reads the small metadata tables of downstream data sets: comma- or tab-separated (the delimiter is the one the
/// first line uses), double-quoted fields with <c>""</c> escapes, blank lines ignored, fields trimmed.
/// </summary>
internal static class DelimitedText
{
    /// <summary>Reads every non-blank line of <paramref name="path"/> as fields.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static List<string[]> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Metadata file '{path}' does not exist.", path);
        var lines = File.ReadAllLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (lines.Count == 0) return [];
        char delimiter = lines[0].Contains('\t') ? '\t' : lines[0].Contains(',') ? ',' : ' ';
        return lines.Select(l => Split(l, delimiter)).ToList();
    }

    /// <summary>Splits one line; with a space delimiter, runs of spaces separate fields (UCF101 lists).</summary>
    public static string[] Split(string line, char delimiter)
    {
        if (delimiter == ' ') return line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == delimiter) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return fields.ToArray();
    }

    /// <summary>The position of the first of <paramref name="names"/> in <paramref name="header"/> (case-insensitive), or -1.</summary>
    public static int Column(string[] header, params string[] names)
    {
        foreach (var name in names)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index;
        }
        return -1;
    }

    /// <summary>The columns of a row as attributes, named by the header (extra fields without a name are dropped).</summary>
    public static Dictionary<string, string> Attributes(string[] header, string[] row)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int c = 0; c < Math.Min(header.Length, row.Length); c++) attributes[header[c]] = row[c];
        return attributes;
    }
}
