using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>Reading the JSON files of a run folder: tolerant of what other tools wrote, clear about what it cannot read.</summary>
internal static class ReportJson
{
    /// <summary>The file's top-level object, or null with <paramref name="problem"/> saying why (not JSON, not an object).</summary>
    public static JsonObject? TryRead(string path, out string? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject json) return json;
            problem = $"{Path.GetFileName(path)}: not a JSON object.";
        }
        catch (JsonException e)
        {
            problem = $"{Path.GetFileName(path)}: not valid JSON ({e.Message}).";
        }
        return null;
    }

    /// <summary>The node as a number, or null when it is not one.</summary>
    public static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>The node as a list of numbers, or null when it is not an array of numbers only.</summary>
    public static double[]? Numbers(JsonNode? node)
    {
        if (node is not JsonArray array) return null;
        var values = new double[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (Number(array[i]) is not double v) return null;
            values[i] = v;
        }
        return values;
    }
}
