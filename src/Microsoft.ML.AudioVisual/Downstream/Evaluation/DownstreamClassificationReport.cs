using System.Globalization;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>The result of <see cref="DownstreamBenchmark.Classify"/>: the default pipeline on frozen features, per fold and on average.</summary>
public sealed class DownstreamClassificationReport
{
    internal DownstreamClassificationReport(DownstreamDataset dataset, IClipFeatureExtractor features, TimePooling pooling, FoldAssignment folds,
        IReadOnlyList<FoldPrediction> predictions, IReadOnlyList<FoldPrediction>? baseline)
    {
        Dataset = dataset.Name;
        Features = features.Name;
        FeatureDescription = features.Description;
        Pooling = pooling;
        Protocol = folds.Description;
        Pipeline = DownstreamPipeline.Default(pooling).Description;
        FoldIds = folds.FoldIds;
        FoldAccuracies = predictions.Select(p => p.Accuracy).ToArray();
        Classes = dataset.Classes;
        Items = dataset.Items.Count;
        Skipped = dataset.Skipped;
        Confusion = DownstreamCrossValidation.Confusion(predictions, dataset.Labels, dataset.Classes.Count);
        BaselineFoldAccuracies = baseline?.Select(p => p.Accuracy).ToArray();
    }

    /// <summary>The data set name.</summary>
    public string Dataset { get; }

    /// <summary>The features' name (<c>logmel</c>, or the model's).</summary>
    public string Features { get; }

    /// <summary>How the features were made.</summary>
    public string FeatureDescription { get; }

    /// <summary>The time pooling.</summary>
    public TimePooling Pooling { get; }

    /// <summary>The protocol, e.g. <c>5-fold cross-validation, stratified, grouped by src_file (52 groups), seed 0</c>.</summary>
    public string Protocol { get; }

    /// <summary>The pipeline evaluated.</summary>
    public string Pipeline { get; }

    /// <summary>The held-out fold ids, in the order of <see cref="FoldAccuracies"/>.</summary>
    public IReadOnlyList<int> FoldIds { get; }

    /// <summary>The accuracy on each held-out fold.</summary>
    public IReadOnlyList<double> FoldAccuracies { get; }

    /// <summary>The mean of <see cref="FoldAccuracies"/> (the ESC-50 convention).</summary>
    public double MeanAccuracy => FoldAccuracies.Average();

    /// <summary>The class names (rows and columns of <see cref="Confusion"/>).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The items evaluated.</summary>
    public int Items { get; }

    /// <summary>The items left out, with reasons.</summary>
    public IReadOnlyList<SkippedItem> Skipped { get; }

    /// <summary>Counts over all held-out predictions, <c>[true class][predicted class]</c>.</summary>
    public int[][] Confusion { get; }

    /// <summary>With model features on audio: the log-mel baseline's accuracy per fold on the same items and folds; otherwise null.</summary>
    public IReadOnlyList<double>? BaselineFoldAccuracies { get; }

    /// <summary>The mean of <see cref="BaselineFoldAccuracies"/>, or null.</summary>
    public double? BaselineLogMelAccuracy => BaselineFoldAccuracies?.Average();

    /// <summary>
    /// The report as JSON: <c>mean_accuracy</c>, <c>fold_accuracies</c>, <c>classes</c>, <c>items</c>, <c>skipped</c>,
    /// <c>confusion</c>, with model features <c>baseline_logmel_accuracy</c> (null when the data set has no audio to
    /// compare on), and <c>dataset</c>, <c>features</c>, <c>pooling</c>, <c>protocol</c>, <c>pipeline</c>, <c>folds</c>.
    /// </summary>
    /// <param name="withBaseline">Include <c>baseline_logmel_accuracy</c> (model features).</param>
    public JsonObject ToJson(bool withBaseline)
    {
        var json = new JsonObject
        {
            ["mean_accuracy"] = MeanAccuracy,
            ["fold_accuracies"] = DownstreamJson.Array(FoldAccuracies),
            ["classes"] = DownstreamJson.Strings(Classes),
            ["items"] = Items,
            ["skipped"] = DownstreamJson.Skipped(Skipped),
            ["confusion"] = new JsonArray(Confusion.Select(row => (JsonNode?)DownstreamJson.Array(row)).ToArray()),
        };
        if (withBaseline) json["baseline_logmel_accuracy"] = BaselineLogMelAccuracy;
        json["dataset"] = Dataset;
        json["features"] = Features;
        json["feature_description"] = FeatureDescription;
        json["pooling"] = TimePool.Name(Pooling);
        json["protocol"] = Protocol;
        json["pipeline"] = Pipeline;
        json["folds"] = DownstreamJson.Array(FoldIds);
        return json;
    }

    /// <summary>Per-fold lines and the mean, e.g. <c>fold 1: 0.8125</c> ... <c>mean accuracy 0.8000 over 5 folds</c>.</summary>
    public IEnumerable<string> Lines()
    {
        for (int i = 0; i < FoldIds.Count; i++)
        {
            string baseline = BaselineFoldAccuracies is { } b ? string.Create(CultureInfo.InvariantCulture, $"  (log-mel baseline {b[i]:0.0000})") : "";
            yield return string.Create(CultureInfo.InvariantCulture, $"fold {FoldIds[i]}: {FoldAccuracies[i]:0.0000}{baseline}");
        }
        yield return string.Create(CultureInfo.InvariantCulture, $"mean accuracy {MeanAccuracy:0.0000} over {FoldIds.Count} fold(s), {Items} items, {Classes.Count} classes")
            + (BaselineLogMelAccuracy is { } mean ? string.Create(CultureInfo.InvariantCulture, $"; log-mel baseline {mean:0.0000}") : "");
    }
}
