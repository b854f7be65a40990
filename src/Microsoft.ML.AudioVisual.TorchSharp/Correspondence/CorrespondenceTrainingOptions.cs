using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Which audio a positive (corresponding) training pair takes.</summary>
public enum PositivePairing
{
    /// <summary>The row's own audio (its frame and the sound around it).</summary>
    SameRow,
    /// <summary>
    /// The audio of a random row of the same group, drawn afresh every epoch: for data whose groups are classes of
    /// interchangeable sources (every image of a digit goes with every recording of it), this turns a fixed set of
    /// pairs into all the pairs the groups allow.
    /// </summary>
    SameGroup,
}

/// <summary>
/// Input columns, pair sampling and augmentation shared by the correspondence trainers (AvcEmbedding,
/// SoundLocalizer): every epoch draws fresh pairs, by default half positives (a frame with its own audio) and
/// half negatives (a frame with audio of another group), optionally with seeded random shifts of image and sound.
/// </summary>
public abstract class CorrespondenceTrainingOptions : TrainingOptionsBase
{
    /// <summary>Default input column names: those of <c>LoadVideoFrames</c> and <c>LogMelSpectrogram</c>, so the default pipeline chains.</summary>
    public static class InputDefaults
    {
        /// <summary>Default image column.</summary>
        public const string VisualColumnName = Media.VideoFrameLoaderOptions.Defaults.FramesColumnName;
        /// <summary>Default spectrogram column.</summary>
        public const string AudioColumnName = Spectral.LogMelSpectrogramEstimator.DefaultOutputColumnName;
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

    /// <summary>
    /// Optional column of the groups each image shows (a vector of <see cref="GroupColumnName"/>'s values, its own group
    /// among them), for images of several sources such as the composite scenes a localizer trains on: a negative then
    /// takes audio of a group the image does not show at all. Without it a negative only avoids the image's own group, and
    /// on a 2x2 scene of digits a third of the negatives would play a digit shown in another cell, a correspondence
    /// labelled as none (multiple-instance training scores the best cell). Needs <see cref="GroupColumnName"/>.
    /// </summary>
    public string? VisibleGroupsColumnName { get; set; }

    /// <summary>Fraction of training pairs that are negatives (audio from another group).</summary>
    public double NegativeFraction { get; set; } = 0.5;

    /// <summary>
    /// Which audio a positive pair takes (default: a fresh one of the row's group every epoch; without a group column
    /// every row is its own group, so that is the row's own audio).
    /// </summary>
    public PositivePairing PositivePairing { get; set; } = PositivePairing.SameGroup;

    /// <summary>
    /// Augmentation: each training pair shifts its spectrogram in time by up to this fraction of its frames (either
    /// way; the frames shifted in take the spectrogram's minimum, i.e. silence): a sound heard at another moment of the
    /// window. Default 0.3 (a spoken digit centred in 1 s lands anywhere in it); 0 turns it off.
    /// </summary>
    public double AudioTimeShift { get; set; } = DefaultAudioTimeShift;

    /// <summary>Default of <see cref="AudioTimeShift"/>.</summary>
    public const double DefaultAudioTimeShift = 0.3;

    /// <summary>
    /// Augmentation: each training pair shifts its spectrogram along frequency by up to this fraction of its bins (either
    /// way; on a mel or log-frequency axis a shift is a change of pitch, as between voices). 0 (the default) turns it off.
    /// </summary>
    public double AudioFrequencyShift { get; set; }

    /// <summary>
    /// Augmentation (SpecAugment): each training pair blanks one band of up to this fraction of its frequency bins and one
    /// stretch of up to this fraction of its frames (filled with the spectrogram's mean). 0 (the default) turns it off.
    /// </summary>
    public double AudioMasking { get; set; }

    /// <summary>
    /// Augmentation: each training pair adds a random constant of up to this much (either way) to every value of its
    /// spectrogram. On a decibel spectrogram (the <c>LogMelSpectrogram</c> default) that is a change of loudness in dB:
    /// recordings of one speaker or microphone can be 15 dB quieter than another's (FSDD's yweweler is 14 dB quieter than
    /// the other four speakers). Default 15; 0 turns it off.
    /// </summary>
    public double AudioGain { get; set; } = DefaultAudioGain;

    /// <summary>Default of <see cref="AudioGain"/>.</summary>
    public const double DefaultAudioGain = 15;

    /// <summary>Augmentation: each training pair shifts its image by up to this fraction of its size in x and y (edges repeated). 0 (the default) turns it off.</summary>
    public double ImageShift { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(VisualColumnName), nameof(VisualColumnName), "is required");
        Require(!string.IsNullOrWhiteSpace(AudioColumnName), nameof(AudioColumnName), "is required");
        Require(NegativeFraction > 0 && NegativeFraction < 1, nameof(NegativeFraction), $"must be in (0, 1), got {NegativeFraction}");
        Require(Enum.IsDefined(PositivePairing), nameof(PositivePairing), $"is not a pairing: {PositivePairing}");
        Require(AudioTimeShift >= 0 && AudioTimeShift < 1, nameof(AudioTimeShift), $"must be in [0, 1), got {AudioTimeShift}");
        Require(ImageShift >= 0 && ImageShift < 1, nameof(ImageShift), $"must be in [0, 1), got {ImageShift}");
        Require(AudioFrequencyShift >= 0 && AudioFrequencyShift < 1, nameof(AudioFrequencyShift), $"must be in [0, 1), got {AudioFrequencyShift}");
        Require(AudioGain >= 0 && double.IsFinite(AudioGain), nameof(AudioGain), $"must be a non-negative number, got {AudioGain}");
        Require(AudioMasking >= 0 && AudioMasking < 1, nameof(AudioMasking), $"must be in [0, 1), got {AudioMasking}");
        Require(VisibleGroupsColumnName is null || GroupColumnName is not null, nameof(VisibleGroupsColumnName), "needs GroupColumnName");
    }
}
