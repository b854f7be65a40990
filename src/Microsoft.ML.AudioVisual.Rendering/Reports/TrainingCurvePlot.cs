using System.Text.Json.Nodes;
using ScottPlot;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>
/// Draws the curves of a training log (<c>training.json</c>: <c>{"epochs": [{"epoch", "loss", "train": {...},
/// "validation": {...}}]}</c>, as the train verbs write it) with ScottPlot: the loss, and every metric on the
/// training and validation rows.
/// </summary>
internal static class TrainingCurvePlot
{
    public const int Width = 640, Height = 320;

    /// <summary>The loss plot and the metrics plot (when the log has metrics) as PNGs.</summary>
    public static IReadOnlyList<(string Caption, byte[] Png)> Render(JsonObject log, string source)
    {
        if (log["epochs"] is not JsonArray epochs || epochs.Count == 0) return [];
        var epochNumbers = new List<double>();
        var loss = new List<double>();
        var metrics = new SortedDictionary<string, (List<double> X, List<double> Y)>(StringComparer.Ordinal);
        foreach (var entry in epochs.OfType<JsonObject>())
        {
            double epoch = ReportJson.Number(entry["epoch"]) ?? epochNumbers.Count + 1;
            if (ReportJson.Number(entry["loss"]) is double l && double.IsFinite(l)) { epochNumbers.Add(epoch); loss.Add(l); }
            foreach (var part in new[] { "train", "validation" })
            {
                if (entry[part] is not JsonObject values) continue;
                foreach (var (name, value) in values)
                {
                    if (ReportJson.Number(value) is not double v || !double.IsFinite(v)) continue;
                    var key = $"{name} ({part})";
                    if (!metrics.TryGetValue(key, out var series)) metrics[key] = series = ([], []);
                    series.X.Add(epoch);
                    series.Y.Add(v);
                }
            }
        }
        var plots = new List<(string, byte[])>();
        if (loss.Count > 0) plots.Add(($"{source}: training loss", Draw("training loss", [("loss", epochNumbers, loss)])));
        if (metrics.Count > 0) plots.Add(($"{source}: metrics", Draw("metrics", metrics.Select(m => (m.Key, m.Value.X, m.Value.Y)).ToList())));
        return plots;
    }

    private static byte[] Draw(string title, IReadOnlyList<(string Name, List<double> X, List<double> Y)> series)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var line = plot.Add.Scatter(x.ToArray(), y.ToArray());
            line.LegendText = name;
            line.MarkerSize = x.Count > 40 ? 0 : 5;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
