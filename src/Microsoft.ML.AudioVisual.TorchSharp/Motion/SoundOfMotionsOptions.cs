using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>Options of Sound of Motions training on AV-MNIST-FSDD duets (<see cref="LookAlikeDuets"/>).</summary>
public sealed class SoundOfMotionsOptions : TrainingOptionsBase
{
    /// <summary>Sources per duet.</summary>
    public const int Sources = 2;

    /// <summary>Default inference column names.</summary>
    public static class Defaults
    {
        /// <summary>The mixture waveform.</summary>
        public const string MixtureColumnName = MixAndSeparateOptions.Defaults.MixtureColumnName;
        /// <summary>Prefix of the per-source video columns (<c>Video0</c>, <c>Video1</c>).</summary>
        public const string VideoColumnPrefix = "Video";
        /// <summary>Prefix of the outputs (<c>Separated0</c>, <c>Separated1</c>); masks are <c>Separated0Mask</c>, ...</summary>
        public const string SeparatedColumnPrefix = MixAndSeparateOptions.Defaults.SeparatedColumnPrefix;
    }

    /// <summary>Creates the options with the small CPU preset (batch 16, 20 epochs, learning rate 1e-3, no weight decay).</summary>
    public SoundOfMotionsOptions()
    {
        Epochs = 20;
        BatchSize = 16;
        LearningRate = 1e-3;
        InferenceBatchSize = 16;
        WeightDecay = 0;
    }

    /// <summary>Mask kind (binary: weighted BCE on the same targets as <see cref="MixAndSeparateEstimator"/>; ratio: L1).</summary>
    public SeparationMask Mask { get; set; } = SeparationMask.Binary;

    /// <summary>Weight the loss by <c>clamp(log1p(mixture magnitude), 1e-3, 10)</c>, as Sound of Pixels does (default true).</summary>
    public bool WeightedLoss { get; set; } = true;

    /// <summary>Networks (default <see cref="SoundOfMotionsArchitecture.Small"/>, for CPU).</summary>
    public SoundOfMotionsArchitecture Architecture { get; set; } = SoundOfMotionsArchitecture.Small;

    /// <summary>STFT, clip length, frequency warp and frame size (default <see cref="SeparationFrontEnd.Small"/>).</summary>
    public SeparationFrontEnd FrontEnd { get; set; } = SeparationFrontEnd.Small;

    /// <summary>How the duets' images move with their recordings (default <see cref="LookAlikeDuetOptions"/>' defaults).</summary>
    public LookAlikeDuetOptions Duets { get; set; } = new();

    /// <summary>Optical flow settings of the trajectories.</summary>
    public FarnebackOptions Flow { get; set; } = new();

    /// <summary>
    /// Video frames the appearance stream sees per source, evenly spaced from the first (default 1: the first frame, as Sound
    /// of Pixels sees a key frame; every frame costs a frame-net pass, the most expensive part of a step on CPU).
    /// </summary>
    public int AppearanceFrames { get; set; } = 1;

    /// <summary>Pixels between trajectory seeds (default 4: a 16 x 16 grid on 64 x 64 frames).</summary>
    public int GridStride { get; set; } = 4;

    /// <summary>
    /// Whether training follows a curriculum from different-looking duets to look-alike ones (default true); without it every
    /// epoch's duets all look alike.
    /// </summary>
    public bool Curriculum { get; set; } = true;

    /// <summary>
    /// The curriculum's share of look-alike duets per epoch (the last value holds for later epochs); null (default) for 0 over
    /// the first quarter of the epochs and 1 after. Ignored without <see cref="Curriculum"/>.
    /// </summary>
    public IReadOnlyList<double>? LookAlikeSchedule { get; set; }

    /// <summary>Training duets per epoch; null for one per training recording.</summary>
    public int? DuetsPerEpoch { get; set; }

    /// <summary>Look-alike duets of the test recordings on which NSDR is reported after every epoch (0 to skip).</summary>
    public int ValidationDuets { get; set; } = 32;

    /// <summary>
    /// Validate after every this many epochs and after the last (default 1); BSS_EVAL costs most of a second per duet on
    /// CPU, so small runs validate less often.
    /// </summary>
    public int ValidationInterval { get; set; } = 1;

    /// <summary>Zero the motion features: the same network conditioned on appearance alone, as a baseline.</summary>
    public bool AblateMotion { get; set; }

    /// <summary>How binary masks are applied at validation: null (default) as predicted probabilities, otherwise thresholded.</summary>
    [NotPartOfRun]
    public float? BinaryMaskThreshold { get; set; }

    /// <summary>Inference input: the mixture waveform column.</summary>
    [NotPartOfRun]
    public string MixtureColumnName { get; set; } = Defaults.MixtureColumnName;

    /// <summary>
    /// Inference inputs: one video column per source, in order (grey frames <c>Vector&lt;Single, F, 1, S, S&gt;</c> in [0, 1]
    /// at <see cref="SoundOfMotionsTransformer.VideoFramesPerSecond"/>); null for <c>Video0</c>, <c>Video1</c>.
    /// </summary>
    [NotPartOfRun]
    public string[]? SourceVideoColumnNames { get; set; }

    /// <summary>Outputs: one separated waveform column per source; null for <c>Separated0</c>, <c>Separated1</c>.</summary>
    [NotPartOfRun]
    public string[]? SeparatedColumnNames { get; set; }

    /// <summary>Also output each source's mask (warped frequency, before any threshold) as <c>{separated}Mask</c>.</summary>
    [NotPartOfRun]
    public bool OutputMasks { get; set; }

    /// <summary>The inference video columns, in source order.</summary>
    public IReadOnlyList<string> VideoColumns() =>
        SourceVideoColumnNames ?? [.. Enumerable.Range(0, Sources).Select(i => $"{Defaults.VideoColumnPrefix}{i}")];

    /// <summary>The output waveform columns, in source order.</summary>
    public IReadOnlyList<string> SeparatedColumns() =>
        SeparatedColumnNames ?? [.. Enumerable.Range(0, Sources).Select(i => $"{Defaults.SeparatedColumnPrefix}{i}")];

    /// <summary>The share of look-alike duets in epoch <paramref name="epoch"/> (0-based).</summary>
    public double LookAlikeFractionAt(int epoch)
    {
        if (!Curriculum) return 1.0;
        if (LookAlikeSchedule is { Count: > 0 } schedule) return schedule[Math.Min(epoch, schedule.Count - 1)];
        return epoch < (int)Math.Ceiling(Epochs / 4.0) ? 0.0 : 1.0;
    }

    /// <summary>A copy.</summary>
    public SoundOfMotionsOptions Clone() => (SoundOfMotionsOptions)MemberwiseClone();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Enum.IsDefined(Mask), nameof(Mask), $"is not a mask kind: {Mask}");
        Require(Architecture is not null, nameof(Architecture), "is required");
        Require(FrontEnd is not null, nameof(FrontEnd), "is required");
        Require(Duets is not null, nameof(Duets), "is required");
        Require(Flow is not null, nameof(Flow), "is required");
        Architecture!.Validate(nameof(Architecture));
        FrontEnd!.Validate();
        Duets!.Validate();
        Flow!.Validate();
        Architecture.Separation.ValidateSpectrogram(FrontEnd.LogFrequencyBins, FrontEnd.SpectrogramFrames);
        Require(GridStride >= 1 && GridStride <= FrontEnd.ImageSize, nameof(GridStride), $"must be from 1 to the frame size {FrontEnd.ImageSize}, got {GridStride}");
        Require(AppearanceFrames >= 1, nameof(AppearanceFrames), $"must be positive, got {AppearanceFrames}");
        Require(LookAlikeSchedule is null || LookAlikeSchedule.All(f => f >= 0 && f <= 1), nameof(LookAlikeSchedule), "must hold fractions in [0, 1]");
        Require(DuetsPerEpoch is null or > 0, nameof(DuetsPerEpoch), $"must be positive, got {DuetsPerEpoch}");
        Require(ValidationInterval >= 1, nameof(ValidationInterval), $"must be positive, got {ValidationInterval}");
        Require(ValidationDuets >= 0, nameof(ValidationDuets), $"must be non-negative, got {ValidationDuets}");
        Require(!string.IsNullOrWhiteSpace(MixtureColumnName), nameof(MixtureColumnName), "is required");
        Require(SourceVideoColumnNames is null || SourceVideoColumnNames.Length == Sources, nameof(SourceVideoColumnNames), $"must name {Sources} columns");
        Require(SeparatedColumnNames is null || SeparatedColumnNames.Length == Sources, nameof(SeparatedColumnNames), $"must name {Sources} columns");
        Require(BinaryMaskThreshold is null or (> 0 and < 1), nameof(BinaryMaskThreshold), $"must be between 0 and 1 (exclusive) or null, got {BinaryMaskThreshold}");
    }
}
