using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>The result of <see cref="DownstreamBenchmark.Sweep"/>: the sweep and the items it ran on.</summary>
public sealed class DownstreamSweepReport
{
    internal DownstreamSweepReport(SweepResult sweep, DownstreamDataset dataset, IClipFeatureExtractor features, FoldAssignment folds)
    {
        Sweep = sweep;
        Protocol = folds.Description;
        Dataset = dataset;
        Features = features.Name;
        FeatureDescription = features.Description;
    }

    /// <summary>The sweep.</summary>
    public SweepResult Sweep { get; }

    /// <summary>The items evaluated, with the skipped ones.</summary>
    public DownstreamDataset Dataset { get; }

    /// <summary>How the folds were made (the sweep itself only sees a fold column).</summary>
    public string Protocol { get; }

    /// <summary>The features' name.</summary>
    public string Features { get; }

    /// <summary>How the features were made.</summary>
    public string FeatureDescription { get; }

    /// <summary>
    /// <see cref="SweepResult.ToJson"/> (<c>best_accuracy</c>, <c>best_pipeline</c>, <c>default_accuracy</c>, <c>trials</c>, ...)
    /// with <c>protocol</c> (how the folds were made), <c>dataset</c>, <c>features</c>, <c>feature_description</c>, <c>classes</c>, <c>items</c> and <c>skipped</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var json = Sweep.ToJson();
        json["protocol"] = Protocol;
        json["dataset"] = Dataset.Name;
        json["features"] = Features;
        json["feature_description"] = FeatureDescription;
        json["classes"] = DownstreamJson.Strings(Dataset.Classes);
        json["items"] = Dataset.Items.Count;
        json["skipped"] = DownstreamJson.Skipped(Dataset.Skipped);
        return json;
    }
}
