using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>
/// Renders a metrics JSON file (the reports the eval verbs, <c>avl sweep</c> and <c>avl demo</c> write) as a table of
/// its values, nested keys joined by dots, and its <c>confusion</c> matrix (rows: true class, columns: predicted
/// class, named by <c>classes</c> when present) as a shaded table.
/// </summary>
internal static class MetricsSection
{
    private const int MaxInlineArray = 24;
    private const int MaxTableRows = 200;

    public static void Write(HtmlWriter html, string name, JsonObject json)
    {
        html.Heading(3, name);
        var rows = new List<IReadOnlyList<string>>();
        Flatten("", json, rows);
        if (rows.Count > MaxTableRows)
        {
            html.Paragraph($"{rows.Count} values; the first {MaxTableRows} are shown.", note: true);
            rows = rows.Take(MaxTableRows).ToList();
        }
        html.Table(["key", "value"], rows);
        if (Matrix(json["confusion"]) is { } confusion) Confusion(html, confusion, Names(json["classes"], confusion.Length));
    }

    private static void Flatten(string prefix, JsonObject json, List<IReadOnlyList<string>> rows)
    {
        foreach (var (key, node) in json)
        {
            string name = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (key == "confusion" && Matrix(node) is not null) continue;
            switch (node)
            {
                case null:
                    rows.Add([name, "null"]);
                    break;
                case JsonObject child:
                    Flatten(name, child, rows);
                    break;
                case JsonArray array when ReportJson.Numbers(array) is { } numbers:
                    rows.Add([name, numbers.Length <= MaxInlineArray ? string.Join(", ", numbers.Select(HtmlWriter.Number)) : $"[{numbers.Length} numbers]"]);
                    break;
                case JsonArray array when array.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String):
                    rows.Add([name, array.Count <= MaxInlineArray ? string.Join(", ", array.Select(n => n!.GetValue<string>())) : $"[{array.Count} names]"]);
                    break;
                case JsonArray array:
                    rows.Add([name, $"[{array.Count} entries]"]);
                    break;
                case JsonValue value:
                    rows.Add([name, ReportJson.Number(value) is double d ? HtmlWriter.Number(d) : value.ToString()]);
                    break;
            }
        }
    }

    private static double[][]? Matrix(JsonNode? node)
    {
        if (node is not JsonArray array || array.Count == 0) return null;
        var rows = array.Select(ReportJson.Numbers).ToArray();
        return rows.All(r => r is not null && r.Length == array.Count) ? rows.Select(r => r!).ToArray() : null;
    }

    private static string[] Names(JsonNode? node, int count)
    {
        var names = node is JsonArray array && array.Count == count ? array.Select(n => n?.ToString() ?? "").ToArray() : null;
        return names ?? Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static void Confusion(HtmlWriter html, double[][] confusion, string[] names)
    {
        html.Paragraph("Confusion matrix: rows are the true classes, columns the predicted ones; shading is the share of the row.", note: true);
        var rows = confusion.Select((row, i) => (IReadOnlyList<string>)[names[i], .. row.Select(HtmlWriter.Number)]);
        html.Table(["true \\ predicted", .. names], rows, "confusion", (r, c) =>
        {
            if (c == 0) return null;
            double total = confusion[r].Sum();
            return total > 0 ? confusion[r][c - 1] / total : 0;
        });
    }
}
