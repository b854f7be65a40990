namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Settings shared by <see cref="DownstreamBenchmark.Classify"/> and <see cref="DownstreamBenchmark.Sweep"/>.</summary>
public sealed class DownstreamRunOptions
{
    /// <summary>K-fold cross-validation with this many folds; null to use the split or folds the data set declares.</summary>
    public int? Folds { get; set; }

    /// <summary>With <see cref="Folds"/>: an item attribute whose items must share a fold (e.g. <c>src_file</c>).</summary>
    public string? GroupBy { get; set; }

    /// <summary>Seed of the folds and of every fit.</summary>
    public int Seed { get; set; }

    /// <summary>Time pooling of the evaluated features; null for the extractor's default (mean+std for log-mel, mean for embeddings).</summary>
    public TimePooling? Pooling { get; set; }

    /// <summary>A folder to write the pooled features, labels and folds to as <c>.npy</c> (see <see cref="ClipFeatureSet.Export"/>), or null.</summary>
    public string? ExportFolder { get; set; }

    /// <summary>Receives progress lines (feature extraction, folds).</summary>
    public IProgress<string>? Status { get; set; }

    /// <summary>Stops the run.</summary>
    public CancellationToken CancellationToken { get; set; }
}
