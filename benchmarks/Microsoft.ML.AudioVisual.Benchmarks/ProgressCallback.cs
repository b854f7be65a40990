namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>Calls back on every training progress report, synchronously (unlike <see cref="Progress{T}"/>, which posts), so that step times can be stamped.</summary>
internal sealed class ProgressCallback(Action<Training.TrainingProgress> report) : IProgress<Training.TrainingProgress>
{
    public void Report(Training.TrainingProgress value) => report(value);
}
