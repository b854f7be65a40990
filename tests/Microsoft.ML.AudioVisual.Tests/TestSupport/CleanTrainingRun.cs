namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Repeatability tests compare runs bit for bit, but libtorch's CPU kernels now and then return a non-finite gradient
/// (README, "libtorch on AVX-512"); the training loop then skips that step and the run legitimately differs. Such a run
/// says nothing about seeding, so it is trained again; every attempt's skips are reported if none comes out clean.
/// </summary>
internal static class CleanTrainingRun
{
    /// <param name="train">Trains once: the result to compare and the run's <c>TrainingSummary.SkippedSteps</c>.</param>
    /// <param name="attempts">Runs to try.</param>
    public static T Of<T>(Func<(T Result, int SkippedSteps)> train, int attempts = 3)
    {
        var skipped = new List<int>();
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var (result, skippedSteps) = train();
            if (skippedSteps == 0) return result;
            skipped.Add(skippedSteps);
        }
        throw new Xunit.Sdk.XunitException($"every one of {attempts} training runs skipped steps with non-finite gradients ({string.Join(", ", skipped)})");
    }
}
