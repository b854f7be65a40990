using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>The audio-visual correspondence network to train.</summary>
public enum AvcArchitecture
{
    /// <summary>AVE-Net: L2-normalised embeddings compared by Euclidean distance; supports cross-modal retrieval.</summary>
    AveNet,
    /// <summary>L3-Net: concatenated tower features fused by FC layers.</summary>
    L3,
}

/// <summary>Options of <see cref="AvcEmbeddingEstimator"/>.</summary>
public sealed class AvcEmbeddingOptions : CorrespondenceTrainingOptions
{
    /// <summary>
    /// Passes over the training rows unless set: 20, as the command line always trained. The small AVE-Net keeps
    /// improving on voices it never heard after its training accuracy saturates (AV-MNIST-FSDD, one speaker held out:
    /// 20 epochs of the defaults reach 93-96 % correspondence on that speaker, the earlier recipe 88 %).
    /// </summary>
    public const int DefaultEpochs = 20;

    /// <summary>
    /// Creates the options with the defaults: <see cref="DefaultEpochs"/> epochs on a cosine learning-rate schedule, with
    /// the sampling and augmentation defaults of <see cref="CorrespondenceTrainingOptions"/>.
    /// </summary>
    public AvcEmbeddingOptions()
    {
        Epochs = DefaultEpochs;
        LearningRateSchedule = LearningRateSchedule.Cosine;
    }

    /// <summary>Default output column names.</summary>
    public static class Defaults
    {
        /// <summary>Default audio embedding output column.</summary>
        public const string AudioEmbeddingColumnName = "AudioEmbedding";
        /// <summary>Default visual embedding output column.</summary>
        public const string VisualEmbeddingColumnName = "VisualEmbedding";
        /// <summary>Default correspondence score output column.</summary>
        public const string ScoreColumnName = "CorrespondenceScore";
    }

    /// <summary>Output column of audio embeddings (made when the input has the audio column).</summary>
    [NotPartOfRun]
    public string AudioEmbeddingColumnName { get; set; } = Defaults.AudioEmbeddingColumnName;

    /// <summary>Output column of visual embeddings (made when the input has the visual column).</summary>
    [NotPartOfRun]
    public string VisualEmbeddingColumnName { get; set; } = Defaults.VisualEmbeddingColumnName;

    /// <summary>Output column of the probability that a row's image and audio correspond (when both inputs exist); null to omit.</summary>
    [NotPartOfRun]
    public string? ScoreColumnName { get; set; } = Defaults.ScoreColumnName;

    /// <summary>The network.</summary>
    public AvcArchitecture Architecture { get; set; } = AvcArchitecture.AveNet;

    /// <summary>Tower shape of both modalities (default: the small preset).</summary>
    public TowerArchitecture Tower { get; set; } = TowerArchitecture.Small;

    /// <summary>Embedding length of AVE-Net; fusion width of L3-Net.</summary>
    public int EmbeddingDimension { get; set; } = 128;

    /// <summary>Hidden FC width before AVE-Net's embedding (the paper uses 128); null for a single FC.</summary>
    public int? HiddenDimension { get; set; }

    /// <summary>The paper-sized AVE-Net: 64-128-256-512 towers with two convolutions per block, FC 128 - FC 128.</summary>
    public static AvcEmbeddingOptions Paper() => new() { Tower = TowerArchitecture.Paper, HiddenDimension = 128, BatchSize = 64 };

    /// <summary>A copy.</summary>
    public AvcEmbeddingOptions Clone() => (AvcEmbeddingOptions)MemberwiseClone();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Tower.Validate(nameof(Tower));
        Require(!string.IsNullOrWhiteSpace(AudioEmbeddingColumnName), nameof(AudioEmbeddingColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(VisualEmbeddingColumnName), nameof(VisualEmbeddingColumnName), "is required");
        Require(EmbeddingDimension > 0, nameof(EmbeddingDimension), $"must be positive, got {EmbeddingDimension}");
        Require(HiddenDimension is null or > 0, nameof(HiddenDimension), $"must be positive, got {HiddenDimension}");
    }
}
