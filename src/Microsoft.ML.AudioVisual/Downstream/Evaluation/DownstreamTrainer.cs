namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>The multiclass trainers a <see cref="DownstreamPipeline"/> can end with.</summary>
public enum DownstreamTrainer
{
    /// <summary><c>OneVersusAll(LinearSvm)</c>: hyper-parameters <c>lambda</c>, <c>iterations</c>.</summary>
    LinearSvm,

    /// <summary><c>SdcaMaximumEntropy</c>: <c>l2</c>, <c>l1</c>, <c>iterations</c>.</summary>
    SdcaMaximumEntropy,

    /// <summary><c>LbfgsMaximumEntropy</c>: <c>l2</c>, <c>l1</c>.</summary>
    LbfgsMaximumEntropy,

    /// <summary>LightGBM multiclass: <c>leaves</c>, <c>min_leaf</c>, <c>learning_rate</c>, <c>iterations</c>.</summary>
    LightGbm,

    /// <summary><c>OneVersusAll(FastTree)</c>: <c>leaves</c>, <c>min_leaf</c>, <c>learning_rate</c>, <c>trees</c>.</summary>
    FastTree,
}

/// <summary>How features are rescaled before the trainer; the scaler is fitted on the training rows of each round only.</summary>
public enum FeatureNormalization
{
    /// <summary>Features as they are.</summary>
    None,

    /// <summary>Zero mean and unit variance per feature (z-scoring).</summary>
    MeanVariance,

    /// <summary>Each feature scaled by its maximum absolute value into [-1, 1] (ML.NET's min-max normaliser, which keeps zero at zero).</summary>
    MinMax,
}
