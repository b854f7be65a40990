namespace Microsoft.ML.AudioVisual.Training;

/// <summary>A training report: after a step (<see cref="IsEpochEnd"/> false) or an epoch (true).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="Metrics">The family's named training metrics so far in this epoch (e.g. "accuracy").</param>
/// <param name="Validation">Named metrics on the held-out rows (epoch ends only, when validating).</param>
/// <param name="IsEpochEnd">True for the report closing an epoch.</param>
/// <param name="Elapsed">Training time so far.</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double>? Validation, bool IsEpochEnd, TimeSpan Elapsed,
    double LearningRate)
{
    /// <summary>Training correspondence accuracy so far, for the families that report "accuracy" (NaN otherwise).</summary>
    public double TrainAccuracy => Metrics.TryGetValue(MetricNames.Accuracy, out var v) ? v : double.NaN;

    /// <summary>Validation "accuracy", when validated and reported by the family.</summary>
    public double? ValidationAccuracy => Validation is not null && Validation.TryGetValue(MetricNames.Accuracy, out var v) ? v : null;

    /// <summary>"name value, name value" for logs and displays.</summary>
    public static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Select(m => m.Key.Contains("accuracy", StringComparison.Ordinal) ? $"{m.Key} {m.Value:P1}" : $"{m.Key} {m.Value:0.####}"));
}

/// <summary>What a training run did.</summary>
/// <param name="Epochs">Epochs completed (including those before a resume).</param>
/// <param name="Steps">Optimisation steps run in all (including those before a resume).</param>
/// <param name="FinalLoss">Mean training loss of the last epoch run.</param>
/// <param name="FinalMetrics">The family's training metrics of the last epoch run.</param>
/// <param name="Validation">Validation metrics after the last epoch, if validating.</param>
/// <param name="Elapsed">Wall time of this call.</param>
/// <param name="StoppedByTimeLimit">True when the time limit ended training.</param>
/// <param name="SkippedSteps">Steps of this call skipped because libtorch returned a non-finite loss or gradient (see the
/// README, "libtorch on AVX-512"); such a run is not bit-for-bit repeatable.</param>
public sealed record TrainingSummary(int Epochs, int Steps, double FinalLoss, IReadOnlyDictionary<string, double> FinalMetrics,
    IReadOnlyDictionary<string, double>? Validation, TimeSpan Elapsed, bool StoppedByTimeLimit, int SkippedSteps = 0)
{
    /// <summary>Validation "accuracy", when validated and reported by the family.</summary>
    public double? ValidationAccuracy => Validation is not null && Validation.TryGetValue(MetricNames.Accuracy, out var v) ? v : null;
}

/// <summary>Metric names shared by several families.</summary>
public static class MetricNames
{
    /// <summary>Fraction of correct decisions (correspondence, synchronisation).</summary>
    public const string Accuracy = "accuracy";
}
