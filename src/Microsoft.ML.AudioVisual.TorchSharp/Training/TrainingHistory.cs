using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>
/// Records the epoch ends of a training run (loss, training and validation metrics, time, learning rate) and
/// passes every report on to another progress sink. Saved as the run's training log (<c>training.json</c>), which
/// reports draw their curves from.
/// </summary>
/// <param name="next">A sink that also receives every report (e.g. a progress display), or null.</param>
public sealed class TrainingHistory(IProgress<TrainingProgress>? next = null) : IProgress<TrainingProgress>
{
    private readonly List<TrainingProgress> _epochs = [];

    /// <summary>The reports that closed an epoch, in order.</summary>
    public IReadOnlyList<TrainingProgress> Epochs => _epochs;

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsEpochEnd) _epochs.Add(value);
        next?.Report(value);
    }

    /// <summary>
    /// The log as JSON: <c>{"epochs": [{"epoch", "seconds", "loss", "learning_rate", "train": {metric: value},
    /// "validation": {metric: value}}]}</c>; non-finite numbers are written as null.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["epochs"] = new JsonArray(_epochs.Select(p => (JsonNode?)new JsonObject
        {
            ["epoch"] = p.Epoch,
            ["seconds"] = Math.Round(p.Elapsed.TotalSeconds, 2),
            ["loss"] = Finite(p.Loss),
            ["learning_rate"] = Finite(p.LearningRate),
            ["train"] = Metrics(p.Metrics),
            ["validation"] = p.Validation is null ? null : Metrics(p.Validation),
        }).ToArray()),
    };

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>, atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics) =>
        new(metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)Finite(m.Value))));

    private static JsonValue? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
