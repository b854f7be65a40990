using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>Options of <see cref="AudioVisualSyncEstimator"/> (AVTS: audio-visual temporal synchronisation).</summary>
public sealed class AudioVisualSyncOptions : TrainingOptionsBase
{
    /// <summary>Default column names and settings.</summary>
    public static class Defaults
    {
        /// <summary>Default frames column (that of <c>LoadVideoFrames</c>).</summary>
        public const string VisualColumnName = Correspondence.CorrespondenceTrainingOptions.InputDefaults.VisualColumnName;
        /// <summary>Default spectrogram column (that of <c>LogMelSpectrogram</c>).</summary>
        public const string AudioColumnName = Correspondence.CorrespondenceTrainingOptions.InputDefaults.AudioColumnName;
        /// <summary>Default visual clip embedding column.</summary>
        public const string VisualEmbeddingColumnName = "VisualEmbedding";
        /// <summary>Default audio clip embedding column.</summary>
        public const string AudioEmbeddingColumnName = "AudioEmbedding";
        /// <summary>Default sync score column.</summary>
        public const string ScoreColumnName = "SyncScore";
        /// <summary>Default estimated offset column (seconds).</summary>
        public const string OffsetColumnName = "SyncOffset";
        /// <summary>Default offset confidence column.</summary>
        public const string ConfidenceColumnName = "SyncConfidence";
        /// <summary>Default offset curve column.</summary>
        public const string CurveColumnName = "SyncCurve";
        /// <summary>The contrastive margin of AVTS.</summary>
        public const double Margin = 0.99;
    }

    /// <summary>Default passes over the training videos: with the curriculum's switch after the first, 4 epochs of 900 generated 4-second videos train in about 7 minutes on 2 cores.</summary>
    public const int DefaultEpochs = 4;

    /// <summary>Creates the options with the defaults (<see cref="DefaultEpochs"/> epochs, batches of 64 clips, 5 % of the videos held out).</summary>
    public AudioVisualSyncOptions()
    {
        Epochs = DefaultEpochs;
        BatchSize = 64;
        ValidationFraction = 0.05;
    }

    /// <summary>The paper's tower widths (64-128-256-512, two convolutions per audio block): far slower on a CPU.</summary>
    public static AudioVisualSyncOptions Paper()
    {
        var options = new AudioVisualSyncOptions { VideoTower = MixedConvolutionArchitecture.Paper };
        options.AudioTower = options.AudioTower with { Widths = [64, 128, 256, 512], ConvolutionsPerBlock = 2 };
        return options;
    }

    /// <summary>
    /// Frames column, <c>Vector&lt;Single, T, C, H, W&gt;</c>: consecutive frames at <see cref="FramesPerSecond"/>. Training
    /// rows are videos (T well above <see cref="ClipFrames"/>) from which clips are drawn; at inference, rows of
    /// <see cref="ClipFrames"/> frames get embeddings and a score, longer rows get an offset estimate.
    /// </summary>
    public string VisualColumnName { get; set; } = Defaults.VisualColumnName;

    /// <summary>
    /// Spectrogram column, <c>Vector&lt;Single, F, S&gt;</c>, of the audio of the same span, starting at the first frame; a
    /// whole number of spectrogram columns per frame (from the front-end recorded on the column, e.g. 8 kHz, hop 80 and
    /// 25 fps make 4, or else from the shapes).
    /// </summary>
    public string AudioColumnName { get; set; } = Defaults.AudioColumnName;

    /// <summary>Optional source column (video id): easy negatives never take audio of the same group. Without it every row is its own group.</summary>
    public string? GroupColumnName { get; set; }

    /// <summary>Frame rate of the frames column (default 25).</summary>
    public double FramesPerSecond { get; set; } = 25;

    /// <summary>
    /// Frames per clip the video tower sees, and the span of the audio clip (default 8: 0.32 s at 25 fps). The best length
    /// depends on the videos: on unseen-speaker digit videos (4 epochs) clips of 8, 16, 24 and 32 frames gave hard sync
    /// accuracies of 0.80, 0.85, 0.87 and 0.88 (longer clips hold more onsets to align), while on impact videos 24 frames
    /// did not learn in the same epochs (0.52) and 8 did (0.64). <c>avl train sync</c> takes 24 for digit videos.
    /// </summary>
    public int ClipFrames { get; set; } = 8;

    /// <summary>Training clips drawn from each training row per epoch (default 8).</summary>
    public int ClipsPerRow { get; set; } = 8;

    /// <summary>Margin of the contrastive loss <c>y d² + (1 - y) max(margin - d, 0)²</c> on the distance d of the L2-normalised embeddings (default 0.99).</summary>
    public double Margin { get; set; } = Defaults.Margin;

    /// <summary>Fraction of training clips that are negatives (default 0.5).</summary>
    public double NegativeFraction { get; set; } = 0.5;

    /// <summary>
    /// Augmentation: each training clip adds a random constant of up to this much (either way) to every value of its
    /// spectrogram; on a decibel spectrogram, a change of loudness in dB. 0 (the default) turns it off.
    /// </summary>
    public double AudioGain { get; set; }

    /// <summary>Hard negatives shift the audio of the same video by at least this many seconds (rounded to whole frames, at least one; default 0.2).</summary>
    public double HardNegativeMinOffset { get; set; } = 0.2;

    /// <summary>Hard negatives shift the audio by at most this many seconds; null for anywhere in the row (default 1).</summary>
    public double? HardNegativeMaxOffset { get; set; } = 1.0;

    /// <summary>Which share of the negatives is hard, epoch by epoch (default: easy only for the first quarter, then easy:hard 3:1).</summary>
    public SyncCurriculum Curriculum { get; set; } = SyncCurriculum.Default;

    /// <summary>Video tower (default: the small mixed-convolution preset).</summary>
    public MixedConvolutionArchitecture VideoTower { get; set; } = MixedConvolutionArchitecture.Small;

    /// <summary>Audio tower over the clip's log-mel spectrogram (default 16-32-64-64, time halved by the first two pools only).</summary>
    public TowerArchitecture AudioTower { get; set; } = SmallAudioTower;

    /// <summary>Embedding length (default 128).</summary>
    public int EmbeddingDimension { get; set; } = 128;

    /// <summary>Hidden FC width before each embedding (default 128); null for a single FC.</summary>
    public int? HiddenDimension { get; set; } = 128;

    /// <summary>The offset estimator scans audio offsets within this many seconds either way, in steps of one frame (default 1).</summary>
    [NotPartOfRun]
    public double MaxOffset { get; set; } = 1.0;

    /// <summary>Output column of visual clip embeddings.</summary>
    [NotPartOfRun]
    public string VisualEmbeddingColumnName { get; set; } = Defaults.VisualEmbeddingColumnName;

    /// <summary>Output column of audio clip embeddings.</summary>
    [NotPartOfRun]
    public string AudioEmbeddingColumnName { get; set; } = Defaults.AudioEmbeddingColumnName;

    /// <summary>Output column of the sync score of a clip (probability-like; above 0.5 means in sync).</summary>
    [NotPartOfRun]
    public string ScoreColumnName { get; set; } = Defaults.ScoreColumnName;

    /// <summary>Output column of a longer row's estimated audio offset in seconds (positive: the sound is late).</summary>
    [NotPartOfRun]
    public string OffsetColumnName { get; set; } = Defaults.OffsetColumnName;

    /// <summary>Output column of the offset's confidence (median minus minimum of the distance curve).</summary>
    [NotPartOfRun]
    public string ConfidenceColumnName { get; set; } = Defaults.ConfidenceColumnName;

    /// <summary>Output column of the distance curve over the scanned offsets (lower: more in sync).</summary>
    [NotPartOfRun]
    public string CurveColumnName { get; set; } = Defaults.CurveColumnName;

    private static TowerArchitecture SmallAudioTower => new() { Widths = [16, 32, 64, 64], TimePoolingSteps = 2, PoolAfterLastBlock = false };

    /// <summary>A copy.</summary>
    public AudioVisualSyncOptions Clone() => (AudioVisualSyncOptions)MemberwiseClone();

    /// <summary>The hard-negative offsets in whole frames: (at least, at most or null).</summary>
    internal (int Min, int? Max) HardNegativeOffsetFrames =>
        (Math.Max(1, (int)Math.Round(HardNegativeMinOffset * FramesPerSecond)), HardNegativeMaxOffset is double max ? (int)Math.Round(max * FramesPerSecond) : null);

    /// <summary>The offset scan's half width in frames.</summary>
    internal int MaxOffsetFrames => (int)Math.Round(MaxOffset * FramesPerSecond);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(VisualColumnName), nameof(VisualColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(AudioColumnName), nameof(AudioColumnName), "is required");
        Require(AudioGain >= 0 && double.IsFinite(AudioGain), nameof(AudioGain), $"must be a non-negative number, got {AudioGain}");
        Require(FramesPerSecond > 0 && double.IsFinite(FramesPerSecond), nameof(FramesPerSecond), $"must be positive, got {FramesPerSecond}");
        Require(ClipFrames >= 1, nameof(ClipFrames), $"must be positive, got {ClipFrames}");
        Require(ClipsPerRow >= 1, nameof(ClipsPerRow), $"must be positive, got {ClipsPerRow}");
        Require(Margin > 0 && Margin <= 2, nameof(Margin), $"must be in (0, 2] (distances of unit vectors), got {Margin}");
        Require(NegativeFraction > 0 && NegativeFraction < 1, nameof(NegativeFraction), $"must be in (0, 1), got {NegativeFraction}");
        Require(HardNegativeMinOffset > 0 && double.IsFinite(HardNegativeMinOffset), nameof(HardNegativeMinOffset), $"must be positive, got {HardNegativeMinOffset}");
        Require(HardNegativeMaxOffset is null || HardNegativeMaxOffset >= HardNegativeMinOffset, nameof(HardNegativeMaxOffset),
            $"must be at least HardNegativeMinOffset ({HardNegativeMinOffset}), got {HardNegativeMaxOffset}");
        Require(Curriculum is not null, nameof(Curriculum), "is required");
        Curriculum!.Validate(nameof(Curriculum));
        Require(VideoTower is not null, nameof(VideoTower), "is required");
        VideoTower!.Validate(nameof(VideoTower));
        Require(AudioTower is not null, nameof(AudioTower), "is required");
        AudioTower!.Validate(nameof(AudioTower));
        Require(EmbeddingDimension > 0, nameof(EmbeddingDimension), $"must be positive, got {EmbeddingDimension}");
        Require(HiddenDimension is null or > 0, nameof(HiddenDimension), $"must be positive, got {HiddenDimension}");
        Require(MaxOffset > 0 && double.IsFinite(MaxOffset), nameof(MaxOffset), $"must be positive, got {MaxOffset}");
        foreach (var (name, value) in new[] { (nameof(VisualEmbeddingColumnName), VisualEmbeddingColumnName), (nameof(AudioEmbeddingColumnName), AudioEmbeddingColumnName),
            (nameof(ScoreColumnName), ScoreColumnName), (nameof(OffsetColumnName), OffsetColumnName), (nameof(ConfidenceColumnName), ConfidenceColumnName), (nameof(CurveColumnName), CurveColumnName) })
            Require(!string.IsNullOrWhiteSpace(value), name, "is required");
    }
}
