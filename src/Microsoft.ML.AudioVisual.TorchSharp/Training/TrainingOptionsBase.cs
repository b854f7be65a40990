using System.Text.Json.Serialization;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>How the learning rate changes over training.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate for every step.</summary>
    Constant,
    /// <summary>Half a cosine from the full rate at the first step to zero after the last planned step.</summary>
    Cosine,
}

/// <summary>
/// What every trainer of the library shares: epochs, batches, the Adam optimiser and its schedule, the seed,
/// threads, a time limit, checkpoints with exact resume, validation, progress and cancellation. Each model
/// family adds its own columns and settings on top.
/// </summary>
public abstract class TrainingOptionsBase
{
    /// <summary>Passes over the training rows (each with freshly drawn samples and augmentation).</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Examples per optimisation step.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam learning rate (the peak of the schedule).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>How the learning rate changes over the planned steps (default: constant).</summary>
    public LearningRateSchedule LearningRateSchedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Adam weight decay (L2).</summary>
    public double WeightDecay { get; set; } = 1e-5;

    /// <summary>Fraction of rows held out to report validation metrics after every epoch (0 to disable).</summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Seed of initialisation, sampling and augmentation; null takes one from the <see cref="MLContext"/> seed.</summary>
    public int? Seed { get; set; }

    /// <summary>libtorch intra-op threads while training and at inference; null leaves libtorch's setting. Runs repeat exactly for the same seed and thread count.</summary>
    [NotPartOfRun]
    public int? Threads { get; set; }

    /// <summary>Stop after the step during which this much training time has passed; null for no limit.</summary>
    [NotPartOfRun]
    public TimeSpan? MaxTrainingTime { get; set; }

    /// <summary>Folder for a checkpoint after every epoch; an existing checkpoint of the same settings and data resumes training.</summary>
    /// <remarks>A path on the training machine: not saved with the model.</remarks>
    [JsonIgnore]
    public string? CheckpointDirectory { get; set; }

    /// <summary>Rows per forward pass at inference.</summary>
    [NotPartOfRun]
    public int InferenceBatchSize { get; set; } = 128;

    /// <summary>Receives a report after every step and every epoch.</summary>
    [JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training (checked every step).</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public virtual void Validate()
    {
        Require(Epochs > 0, nameof(Epochs), $"must be positive, got {Epochs}");
        Require(BatchSize >= 2, nameof(BatchSize), $"must be at least 2, got {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be positive, got {LearningRate}");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), $"must be non-negative, got {WeightDecay}");
        Require(Enum.IsDefined(LearningRateSchedule), nameof(LearningRateSchedule), $"is not a schedule: {LearningRateSchedule}");
        Require(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), $"must be in [0, 1), got {ValidationFraction}");
        Require(Threads is null or > 0, nameof(Threads), $"must be positive, got {Threads}");
        Require(MaxTrainingTime is null || MaxTrainingTime > TimeSpan.Zero, nameof(MaxTrainingTime), $"must be positive, got {MaxTrainingTime}");
        Require(InferenceBatchSize > 0, nameof(InferenceBatchSize), $"must be positive, got {InferenceBatchSize}");
    }

    /// <summary>The one validation style of the library's options: an <see cref="ArgumentOutOfRangeException"/> naming the setting.</summary>
    protected static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentOutOfRangeException(name, $"{name} {problem}.");
    }

    /// <summary>The learning rate at a step of a run of <paramref name="totalSteps"/> planned steps.</summary>
    internal double LearningRateAt(long step, long totalSteps) => LearningRateSchedule switch
    {
        LearningRateSchedule.Cosine => LearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / Math.Max(totalSteps, 1))),
        _ => LearningRate,
    };
}

/// <summary>
/// Marks an option that does not change what training computes (output column names, thread count, time
/// limit, inference batch size): a checkpoint written under other values of it may resume the run. Every
/// other serialised option is part of the run's fingerprint, so a new option is safe by default.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotPartOfRunAttribute : Attribute;
