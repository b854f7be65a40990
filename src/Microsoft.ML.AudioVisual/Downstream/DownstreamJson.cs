using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>JSON fragments shared by the downstream reports.</summary>
internal static class DownstreamJson
{
    /// <summary>Numbers as a JSON array.</summary>
    public static JsonArray Array<T>(IEnumerable<T> values) => new(values.Select(v => JsonValue.Create(v)).ToArray<JsonNode?>());

    /// <summary>Strings as a JSON array.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>The skipped items as <c>[{"path", "cause", "reason"}]</c>.</summary>
    public static JsonArray Skipped(IEnumerable<SkippedItem> skipped) => new(skipped.Select(s => (JsonNode?)new JsonObject
    {
        ["path"] = s.Path,
        ["cause"] = s.Cause.ToString().ToLowerInvariant(),
        ["reason"] = s.Reason,
    }).ToArray());
}
