using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Localization;

namespace Microsoft.ML.AudioVisual.Reports;

/// <summary>Writes <see cref="LocalizationReport"/>s as JSON (the keys of <c>avl eval localization</c>, which scripts read).</summary>
public static class LocalizationReportWriter
{
    /// <summary>The pointing game with its baselines, the correspondence accuracy, the chance level (1 / cells) and <paramref name="split"/>.</summary>
    public static JsonObject ToJson(LocalizationReport report, string split)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["pointing_accuracy"] = report.PointingAccuracy,
            ["baseline_center_accuracy"] = report.BaselineCenterAccuracy,
            ["baseline_random_accuracy"] = report.BaselineRandomAccuracy,
            ["avc_accuracy"] = report.AvcAccuracy,
            ["scenes"] = report.Scenes,
            ["grid"] = report.Grid,
            ["chance_accuracy"] = 1.0 / (report.Grid * report.Grid),
            ["split"] = split,
        };
    }
}
