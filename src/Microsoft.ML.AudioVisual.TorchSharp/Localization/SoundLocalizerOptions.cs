using System.Text.Json.Serialization;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>Options of <see cref="SoundLocalizerEstimator"/>.</summary>
public sealed class SoundLocalizerOptions : CorrespondenceTrainingOptions
{
    /// <summary>
    /// Creates the options. The learning rate defaults to 1e-4, not 1e-3: the localizer fine-tunes a trained
    /// AVE-Net, and a gentle rate keeps its correspondence accuracy (on AV-MNIST-FSDD, 1e-3 on composite
    /// scenes cost 3.6 points of it; 1e-4 cost 0.4 and pointed better).
    /// </summary>
    public SoundLocalizerOptions() => LearningRate = 1e-4;

    /// <summary>Default output column names.</summary>
    public static class Defaults
    {
        /// <summary>Default heat map column.</summary>
        public const string HeatmapColumnName = "Heatmap";
        /// <summary>Default image-level score column.</summary>
        public const string ScoreColumnName = "Score";
        /// <summary>Default peak cell column.</summary>
        public const string PeakCellColumnName = "PeakCell";
    }

    /// <summary>Output heat map, <c>Vector&lt;Single, h, w&gt;</c>: per grid cell, the probability that the sound comes from there.</summary>
    [NotPartOfRun]
    public string HeatmapColumnName { get; set; } = Defaults.HeatmapColumnName;

    /// <summary>Output image-level probability that the sound belongs to the image (the heat map's maximum).</summary>
    [NotPartOfRun]
    public string ScoreColumnName { get; set; } = Defaults.ScoreColumnName;

    /// <summary>Output peak cell, <c>Vector&lt;Int32, 2&gt;</c> = (row, column) in the grid.</summary>
    [NotPartOfRun]
    public string PeakCellColumnName { get; set; } = Defaults.PeakCellColumnName;

    /// <summary>Tower shape (ignored with <see cref="StartFrom"/>, whose shape is used).</summary>
    public TowerArchitecture Tower { get; set; } = TowerArchitecture.Small;

    /// <summary>Embedding length (ignored with <see cref="StartFrom"/>).</summary>
    public int EmbeddingDimension { get; set; } = 128;

    /// <summary>Hidden width before the embedding (ignored with <see cref="StartFrom"/>).</summary>
    public int? HiddenDimension { get; set; }

    /// <summary>
    /// A trained AVE-Net <see cref="AvcEmbeddingTransformer"/> to start from (towers, heads and input
    /// standardisation are copied). Strongly recommended: multiple-instance training from scratch stalls on
    /// CPU budgets, while from a trained AvcEmbedding model it learns to localise in minutes.
    /// </summary>
    [JsonIgnore]
    public AvcEmbeddingTransformer? StartFrom { get; set; }

    /// <summary>
    /// Keep the audio tower and head of the start model fixed and fine-tune only the visual side and the
    /// calibration (default true). On AV-MNIST-FSDD (a speaker the training never heard) training the audio side too
    /// pointed right in 95.2 % of 2x2 scenes with 93.8 % correspondence, against 95.4 % and 93.6 % frozen, for more work
    /// per step; before the scenes' negatives avoided every visible class (<see cref="CorrespondenceTrainingOptions.VisibleGroupsColumnName"/>)
    /// it had cost correspondence on that speaker (76 %).
    /// </summary>
    public bool FreezeAudio { get; set; } = true;

    /// <summary>A copy.</summary>
    public SoundLocalizerOptions Clone() => (SoundLocalizerOptions)MemberwiseClone();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Tower.Validate(nameof(Tower));
        Require(!string.IsNullOrWhiteSpace(HeatmapColumnName), nameof(HeatmapColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(ScoreColumnName), nameof(ScoreColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(PeakCellColumnName), nameof(PeakCellColumnName), "is required");
        Require(EmbeddingDimension > 0, nameof(EmbeddingDimension), $"must be positive, got {EmbeddingDimension}");
        Require(StartFrom is null || StartFrom.Options.Architecture == AvcArchitecture.AveNet, nameof(StartFrom), "must be an AVE-Net model");
    }
}
