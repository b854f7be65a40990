namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>How <see cref="SyncEvaluator"/> draws its clips and shifts.</summary>
public sealed class SyncEvaluationOptions
{
    /// <summary>In-sync clips per video for the accuracies; each is paired with a hard and an easy negative (default 4).</summary>
    public int ClipsPerVideo { get; set; } = 4;

    /// <summary>Hard negatives shift the same video's audio by at least this many seconds (default 0.4) and at most the model's scan range.</summary>
    public double HardMinShift { get; set; } = 0.4;

    /// <summary>Known shifts per video for the offset estimator (default 1), drawn uniformly in whole frames within the model's scan range.</summary>
    public int ShiftsPerVideo { get; set; } = 1;

    /// <summary>Seed of clip positions, partners and shifts (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (ClipsPerVideo < 0) throw new ArgumentOutOfRangeException(nameof(ClipsPerVideo), $"ClipsPerVideo must be non-negative, got {ClipsPerVideo}.");
        if (!(HardMinShift > 0 && double.IsFinite(HardMinShift))) throw new ArgumentOutOfRangeException(nameof(HardMinShift), $"HardMinShift must be positive, got {HardMinShift}.");
        if (ShiftsPerVideo < 0) throw new ArgumentOutOfRangeException(nameof(ShiftsPerVideo), $"ShiftsPerVideo must be non-negative, got {ShiftsPerVideo}.");
    }
}
