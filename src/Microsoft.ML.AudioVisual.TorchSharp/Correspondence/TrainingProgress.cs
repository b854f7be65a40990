namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>A training report: after a step (<see cref="IsEpochEnd"/> false) or an epoch (true).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Loss">Mean loss so far in this epoch.</param>
/// <param name="TrainAccuracy">Correspondence accuracy on this epoch's training pairs so far.</param>
/// <param name="ValidationAccuracy">Correspondence accuracy on the held-out pairs (epoch ends only, when validating).</param>
/// <param name="IsEpochEnd">True for the report closing an epoch.</param>
/// <param name="Elapsed">Training time so far.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double TrainAccuracy,
    double? ValidationAccuracy, bool IsEpochEnd, TimeSpan Elapsed);
