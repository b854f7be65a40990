using System.Globalization;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// One downstream classification pipeline: time pooling of the window features, a normaliser and a multiclass
/// trainer with its hyper-parameters. <see cref="Default"/> is the library's linear probe.
/// </summary>
/// <remarks>
/// Every trainer runs single-threaded with seeds taken from the evaluation seed, so a pipeline scores the same on
/// the same folds every time (ML.NET's multi-threaded SDCA and L-BFGS are not repeatable otherwise).
/// Hyper-parameters not given take ML.NET's defaults.
/// </remarks>
public sealed class DownstreamPipeline
{
    /// <summary>
    /// The <see cref="DownstreamTrainer.LinearSvm"/> passes of <see cref="Default"/>. ML.NET's single Pegasos pass, and
    /// even 20, leave the SVM far from converged on small sets: on the ESC-10 fold-4 subset (log-mel mean/std, 5 grouped
    /// folds) 20 passes scored 57.5 % with a standard deviation of 3.9 points over 8 fit seeds, 100 passes 62.4 % ± 2.0,
    /// which is what scikit-learn's LinearSVC(C=1) scores on the same features and folds.
    /// </summary>
    public const int DefaultSvmIterations = 100;

    /// <summary>The <see cref="DownstreamTrainer.LinearSvm"/> regularisation of <see cref="Default"/> (ML.NET's default).</summary>
    public const double DefaultSvmLambda = 0.001;

    private static readonly Dictionary<DownstreamTrainer, string[]> KnownHyperparameters = new()
    {
        [DownstreamTrainer.LinearSvm] = ["lambda", "iterations"],
        [DownstreamTrainer.SdcaMaximumEntropy] = ["l2", "l1", "iterations"],
        [DownstreamTrainer.LbfgsMaximumEntropy] = ["l2", "l1"],
        [DownstreamTrainer.LightGbm] = ["leaves", "min_leaf", "learning_rate", "iterations"],
        [DownstreamTrainer.FastTree] = ["leaves", "min_leaf", "learning_rate", "trees"],
    };

    /// <summary>Creates a pipeline.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="normalization">The normaliser.</param>
    /// <param name="pooling">How window features are pooled; null when the features are already one vector per item.</param>
    /// <param name="hyperparameters">Trainer settings by name (see <see cref="DownstreamTrainer"/>); missing ones take ML.NET's defaults.</param>
    /// <exception cref="ArgumentException">A hyper-parameter is unknown for the trainer, or not a finite positive number (l1 may be 0).</exception>
    public DownstreamPipeline(DownstreamTrainer trainer, FeatureNormalization normalization, TimePooling? pooling, IReadOnlyDictionary<string, double>? hyperparameters = null)
    {
        if (!KnownHyperparameters.TryGetValue(trainer, out var known)) throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer.");
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in hyperparameters ?? new Dictionary<string, double>())
        {
            if (!known.Contains(name)) throw new ArgumentException($"{trainer} has no hyper-parameter '{name}'. Known: {string.Join(", ", known)}.", nameof(hyperparameters));
            if (!double.IsFinite(value) || value < 0 || (value == 0 && name != "l1"))
                throw new ArgumentException($"Hyper-parameter '{name}' of {trainer} must be a positive number, got {value}.", nameof(hyperparameters));
            values[name] = value;
        }
        Trainer = trainer;
        Normalization = normalization;
        Pooling = pooling;
        Hyperparameters = values;
    }

    /// <summary>The trainer.</summary>
    public DownstreamTrainer Trainer { get; }

    /// <summary>The normaliser.</summary>
    public FeatureNormalization Normalization { get; }

    /// <summary>The time pooling, or null for features that are already pooled.</summary>
    public TimePooling? Pooling { get; }

    /// <summary>The trainer settings given, by name.</summary>
    public IReadOnlyDictionary<string, double> Hyperparameters { get; }

    /// <summary>
    /// The default pipeline: z-scored features into <c>OneVersusAll(LinearSvm)</c> with ML.NET's λ = 0.001 and
    /// <see cref="DefaultSvmIterations"/> passes (ML.NET's single pass under-trains on small sets).
    /// </summary>
    public static DownstreamPipeline Default(TimePooling? pooling = null) => LinearSvm(DefaultSvmLambda, DefaultSvmIterations, pooling);

    /// <summary>Z-scored features into <c>OneVersusAll(LinearSvm)</c> with the given regularisation and passes.</summary>
    public static DownstreamPipeline LinearSvm(double lambda, int iterations, TimePooling? pooling = null) =>
        new(DownstreamTrainer.LinearSvm, FeatureNormalization.MeanVariance, pooling,
            new Dictionary<string, double> { ["lambda"] = lambda, ["iterations"] = iterations });

    /// <summary>A readable description, e.g. <c>pool meanstd | MeanVariance | OneVersusAll(LinearSvm(iterations=20, lambda=0.001))</c>.</summary>
    public string Description
    {
        get
        {
            string settings = string.Join(", ", Hyperparameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:G4}")));
            string trainer = Trainer is DownstreamTrainer.LinearSvm or DownstreamTrainer.FastTree
                ? $"OneVersusAll({Trainer}({settings}))"
                : $"{Trainer}({settings})";
            return (Pooling is { } pooling ? $"pool {TimePool.Name(pooling)} | " : "") + $"{Normalization} | {trainer}";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    /// <summary>
    /// Appends the normaliser, a cache checkpoint and the trainer to <paramref name="chain"/> (which must not be
    /// empty: ML.NET cannot start a chain with a cache), reading <paramref name="featureColumn"/> and the key column
    /// <paramref name="labelColumn"/>; the output has ML.NET's <c>PredictedLabel</c> key column.
    /// </summary>
    internal EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext context, string labelColumn, string featureColumn, int seed)
    {
        chain = Normalization switch
        {
            FeatureNormalization.MeanVariance => chain.Append<ITransformer>(context.Transforms.NormalizeMeanVariance(featureColumn, fixZero: false)),
            FeatureNormalization.MinMax => chain.Append<ITransformer>(context.Transforms.NormalizeMinMax(featureColumn)),
            _ => chain,
        };
        // Trainers make many passes; without the cache each pass re-enumerates (and re-normalises) the rows.
        chain = chain.AppendCacheCheckpoint(context);
        var trainers = context.MulticlassClassification.Trainers;
        IEstimator<ITransformer> trainer = Trainer switch
        {
            DownstreamTrainer.LinearSvm => trainers.OneVersusAll(context.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
            {
                LabelColumnName = labelColumn,
                FeatureColumnName = featureColumn,
                Lambda = (float)Get("lambda", DefaultSvmLambda),
                NumberOfIterations = (int)Get("iterations", 1),
            }), labelColumnName: labelColumn),
            DownstreamTrainer.SdcaMaximumEntropy => trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = labelColumn,
                FeatureColumnName = featureColumn,
                L2Regularization = GetSingle("l2"),
                L1Regularization = GetSingle("l1"),
                MaximumNumberOfIterations = Hyperparameters.TryGetValue("iterations", out var sdcaIterations) ? (int)sdcaIterations : null,
                NumberOfThreads = 1,
            }),
            DownstreamTrainer.LbfgsMaximumEntropy => trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = labelColumn,
                FeatureColumnName = featureColumn,
                L2Regularization = (float)Get("l2", 1),
                L1Regularization = (float)Get("l1", 1),
                NumberOfThreads = 1,
            }),
            DownstreamTrainer.LightGbm => trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = labelColumn,
                FeatureColumnName = featureColumn,
                NumberOfLeaves = (int?)GetOptional("leaves"),
                MinimumExampleCountPerLeaf = (int?)GetOptional("min_leaf"),
                LearningRate = GetOptional("learning_rate"),
                NumberOfIterations = (int)Get("iterations", 100),
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
            }),
            DownstreamTrainer.FastTree => trainers.OneVersusAll(context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = labelColumn,
                FeatureColumnName = featureColumn,
                NumberOfLeaves = (int)Get("leaves", 20),
                MinimumExampleCountPerLeaf = (int)Get("min_leaf", 10),
                LearningRate = Get("learning_rate", 0.2),
                NumberOfTrees = (int)Get("trees", 100),
                NumberOfThreads = 1,
                Seed = seed,
            }), labelColumnName: labelColumn),
            _ => throw new InvalidOperationException($"Unknown trainer {Trainer}."),
        };
        return chain.Append<ITransformer>(trainer);
    }

    private double Get(string name, double fallback) => Hyperparameters.TryGetValue(name, out var value) ? value : fallback;

    private double? GetOptional(string name) => Hyperparameters.TryGetValue(name, out var value) ? value : null;

    private float? GetSingle(string name) => Hyperparameters.TryGetValue(name, out var value) ? (float)value : null;
}
