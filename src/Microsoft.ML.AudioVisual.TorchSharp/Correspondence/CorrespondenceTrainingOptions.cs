using System.Text.Json.Serialization;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Input columns and training settings shared by the correspondence trainers (AvcEmbedding,
/// SoundLocalizer): pairs are sampled, 50/50 by default, as a frame with its own audio (positive) or with
/// audio of another group (negative), and the network learns to tell them apart.
/// </summary>
public abstract class CorrespondenceTrainingOptions
{
    /// <summary>Default input column names.</summary>
    public static class InputDefaults
    {
        /// <summary>Default image column: the frames column of <c>LoadVideoFrames</c>, so the default pipeline chains.</summary>
        public const string VisualColumnName = Media.VideoFrameLoaderOptions.Defaults.FramesColumnName;
        /// <summary>Default spectrogram column.</summary>
        public const string AudioColumnName = "Spectrogram";
    }

    /// <summary>Image column: <c>Vector&lt;Single, C, H, W&gt;</c> or frames <c>Vector&lt;Single, T, C, H, W&gt;</c>.</summary>
    public string VisualColumnName { get; set; } = InputDefaults.VisualColumnName;

    /// <summary>Spectrogram column: <c>Vector&lt;Single, F, T&gt;</c>.</summary>
    public string AudioColumnName { get; set; } = InputDefaults.AudioColumnName;

    /// <summary>
    /// Optional source column (video id; String, Int32, UInt32, Int64, Single or Double): negatives never pair
    /// a frame with audio of the same group. Without it every row is its own group. Because every row's audio
    /// is cut around one of its frames, audio taken from another row is frame-aligned like the positives', so
    /// the network cannot tell negatives by their timing (the shortcut "Objects that Sound" warns about).
    /// </summary>
    public string? GroupColumnName { get; set; }

    /// <summary>Passes over the training rows.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Pairs per optimisation step.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Adam weight decay (L2).</summary>
    public double WeightDecay { get; set; } = 1e-5;

    /// <summary>Fraction of training pairs that are negatives (audio from another group).</summary>
    public double NegativeFraction { get; set; } = 0.5;

    /// <summary>Fraction of rows held out to report the correspondence accuracy after every epoch (0 to disable).</summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Seed of initialisation and sampling; null takes one from the <see cref="MLContext"/> seed.</summary>
    public int? Seed { get; set; }

    /// <summary>libtorch intra-op threads while training and at inference; null leaves libtorch's setting. Runs repeat exactly for the same seed and thread count.</summary>
    public int? Threads { get; set; }

    /// <summary>Stop after the step during which this much training time has passed; null for no limit.</summary>
    public TimeSpan? MaxTrainingTime { get; set; }

    /// <summary>Folder for a checkpoint after every epoch; an existing checkpoint of the same settings and data resumes training.</summary>
    /// <remarks>A path on the training machine: not saved with the model.</remarks>
    [JsonIgnore]
    public string? CheckpointDirectory { get; set; }

    /// <summary>Rows per forward pass at inference.</summary>
    public int InferenceBatchSize { get; set; } = 128;

    /// <summary>
    /// How the spectrogram column was made from a waveform, saved with the model so that tools (such as
    /// <c>avl embed</c>) can turn raw audio into the model's input; training does not use it. Left null, it is
    /// taken from the spectrogram column when a <c>LogMelSpectrogram</c> stage made it.
    /// </summary>
    public Spectral.SpectrogramOptions? AudioFrontEnd { get; set; }

    /// <summary>Seconds of audio per spectrogram (centre-padded or cropped), with <see cref="AudioFrontEnd"/>.</summary>
    public double? AudioClipSeconds { get; set; }

    /// <summary>Receives a report after every step and every epoch.</summary>
    [JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training (checked every step).</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Fills <see cref="AudioFrontEnd"/> and <see cref="AudioClipSeconds"/> from the spectrogram column's annotation when unset.</summary>
    internal void RecordFrontEnd(DataViewSchema schema)
    {
        if (AudioFrontEnd is not null || schema.GetColumnOrNull(AudioColumnName) is not { } column) return;
        if (Spectral.AudioFrontEndAnnotation.Read(column) is not { } frontEnd) return;
        AudioFrontEnd = frontEnd.Options;
        AudioClipSeconds ??= frontEnd.ClipSeconds;
    }

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) naming the first invalid setting.</summary>
    public virtual void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(VisualColumnName), nameof(VisualColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(AudioColumnName), nameof(AudioColumnName), "is required");
        Require(Epochs > 0, nameof(Epochs), $"must be positive, got {Epochs}");
        Require(BatchSize >= 2, nameof(BatchSize), $"must be at least 2, got {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be positive, got {LearningRate}");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), $"must be non-negative, got {WeightDecay}");
        Require(NegativeFraction > 0 && NegativeFraction < 1, nameof(NegativeFraction), $"must be in (0, 1), got {NegativeFraction}");
        Require(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), $"must be in [0, 1), got {ValidationFraction}");
        Require(Threads is null or > 0, nameof(Threads), $"must be positive, got {Threads}");
        Require(MaxTrainingTime is null || MaxTrainingTime > TimeSpan.Zero, nameof(MaxTrainingTime), $"must be positive, got {MaxTrainingTime}");
        Require(InferenceBatchSize > 0, nameof(InferenceBatchSize), $"must be positive, got {InferenceBatchSize}");
    }

    private protected static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentOutOfRangeException(name, $"{name} {problem}.");
    }
}
