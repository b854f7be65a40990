namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The pipelines a sweep samples from: a trainer (uniformly), its hyper-parameters (ranges below), a normaliser and,
/// when the features are raw windows, a time pooling.
/// </summary>
/// <remarks>
/// Ranges (log-uniform for rates and regularisation, rounded to 3 significant digits):
/// <list type="bullet">
/// <item><c>LinearSvm</c>: lambda 1e-5 .. 1e-1; iterations 10, 20, 50 or 100.</item>
/// <item><c>SdcaMaximumEntropy</c>: l2 1e-5 .. 1; l1 0 (half the time) or 1e-5 .. 1e-1; iterations 10, 30 or 100.</item>
/// <item><c>LbfgsMaximumEntropy</c>: l2 1e-4 .. 10; l1 0 (half the time) or 1e-4 .. 1.</item>
/// <item><c>LightGbm</c>: leaves 4, 8, 16, 31 or 64; min_leaf 1, 2, 5, 10 or 20; learning_rate 0.01 .. 0.3; iterations 50, 100, 200 or 400.</item>
/// <item><c>FastTree</c> (one versus all): leaves 4, 8, 16 or 32; min_leaf 1, 2, 5 or 10; learning_rate 0.02 .. 0.3; trees 20, 50 or 100 (one versus all fits one ensemble per class, so trees cost ten times over on ten classes).</item>
/// </list>
/// Small leaf minimums are included because downstream sets are small (tens of items per class).
/// </remarks>
public sealed class PipelineSearchSpace
{
    /// <summary>The trainers to try (default all).</summary>
    public IReadOnlyList<DownstreamTrainer> Trainers { get; set; } = Enum.GetValues<DownstreamTrainer>();

    /// <summary>The normalisers to try (default all).</summary>
    public IReadOnlyList<FeatureNormalization> Normalizations { get; set; } = Enum.GetValues<FeatureNormalization>();

    /// <summary>The poolings to try when rows are windows (default all).</summary>
    public IReadOnlyList<TimePooling> Poolings { get; set; } = Enum.GetValues<TimePooling>();

    /// <summary>Throws when a list is empty.</summary>
    public void Validate()
    {
        if (Trainers is null || Trainers.Count == 0) throw new ArgumentException("The search space needs at least one trainer.", nameof(Trainers));
        if (Normalizations is null || Normalizations.Count == 0) throw new ArgumentException("The search space needs at least one normalisation.", nameof(Normalizations));
        if (Poolings is null || Poolings.Count == 0) throw new ArgumentException("The search space needs at least one pooling.", nameof(Poolings));
    }

    /// <summary>Draws one pipeline; <paramref name="windows"/> says whether pooling is part of it.</summary>
    internal DownstreamPipeline Sample(ref Pcg32 random, bool windows)
    {
        var trainer = Pick(ref random, Trainers);
        var normalization = Pick(ref random, Normalizations);
        TimePooling? pooling = windows ? Pick(ref random, Poolings) : null;
        var h = new Dictionary<string, double>();
        switch (trainer)
        {
            case DownstreamTrainer.LinearSvm:
                h["lambda"] = LogUniform(ref random, 1e-5, 1e-1);
                h["iterations"] = Pick(ref random, [10, 20, 50, 100]);
                break;
            case DownstreamTrainer.SdcaMaximumEntropy:
                h["l2"] = LogUniform(ref random, 1e-5, 1);
                h["l1"] = random.NextDouble() < 0.5 ? 0 : LogUniform(ref random, 1e-5, 1e-1);
                h["iterations"] = Pick(ref random, [10, 30, 100]);
                break;
            case DownstreamTrainer.LbfgsMaximumEntropy:
                h["l2"] = LogUniform(ref random, 1e-4, 10);
                h["l1"] = random.NextDouble() < 0.5 ? 0 : LogUniform(ref random, 1e-4, 1);
                break;
            case DownstreamTrainer.LightGbm:
                h["leaves"] = Pick(ref random, [4, 8, 16, 31, 64]);
                h["min_leaf"] = Pick(ref random, [1, 2, 5, 10, 20]);
                h["learning_rate"] = LogUniform(ref random, 0.01, 0.3);
                h["iterations"] = Pick(ref random, [50, 100, 200, 400]);
                break;
            default:
                h["leaves"] = Pick(ref random, [4, 8, 16, 32]);
                h["min_leaf"] = Pick(ref random, [1, 2, 5, 10]);
                h["learning_rate"] = LogUniform(ref random, 0.02, 0.3);
                h["trees"] = Pick(ref random, [20, 50, 100]);
                break;
        }
        return new DownstreamPipeline(trainer, normalization, pooling, h);
    }

    private static T Pick<T>(ref Pcg32 random, IReadOnlyList<T> values) => values[random.NextInt(values.Count)];

    private static double LogUniform(ref Pcg32 random, double min, double max)
    {
        double value = Math.Exp(random.NextDouble(Math.Log(min), Math.Log(max)));
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return Math.Round(value / scale) * scale;
    }
}
