using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// Pair sampling and augmentation flags of the correspondence trainers (<c>avl train avc</c>, <c>avl train localizer</c>).
/// Defaults are read from a fresh options object; a flag that is not given keeps the trainer's default.
/// </summary>
internal sealed class CorrespondenceArguments
{
    /// <param name="defaults">A fresh options object of the trainer the verb runs.</param>
    public CorrespondenceArguments(CorrespondenceTrainingOptions defaults)
    {
        string positives = PairingName(defaults.PositivePairing);
        double timeShift = defaults.AudioTimeShift, gain = defaults.AudioGain, pitch = defaults.AudioFrequencyShift, masking = defaults.AudioMasking, image = defaults.ImageShift;
        Positives = new("--positives") { Description = "same-row: a frame with its own sound; same-group: with a fresh sound of its group (e.g. digit) every epoch.", DefaultValueFactory = _ => positives };
        Positives.AcceptOnlyFromAmong(PairingName(PositivePairing.SameRow), PairingName(PositivePairing.SameGroup));
        AudioTimeShift = new("--audio-time-shift") { Description = "Shift each training spectrogram in time by up to this fraction of its frames (0: off).", DefaultValueFactory = _ => timeShift };
        PitchShift = new("--pitch-shift") { Description = "Shift each training spectrogram along frequency by up to this fraction of its bins (0: off).", DefaultValueFactory = _ => pitch };
        AudioMasking = new("--audio-masking") { Description = "SpecAugment: blank one band and one stretch of up to this fraction of the bins and frames (0: off).", DefaultValueFactory = _ => masking };
        AudioGain = new("--audio-gain") { Description = "Add up to this many dB (either way) to each training spectrogram: a change of loudness (0: off).", DefaultValueFactory = _ => gain };
        ImageShift = new("--image-shift") { Description = "Shift each training image by up to this fraction of its size (0: off).", DefaultValueFactory = _ => image };
    }

    public Option<string> Positives { get; }
    public Option<double> AudioTimeShift { get; }
    public Option<double> PitchShift { get; }
    public Option<double> AudioMasking { get; }
    public Option<double> AudioGain { get; }
    public Option<double> ImageShift { get; }

    public IEnumerable<Option> All => [Positives, AudioTimeShift, PitchShift, AudioMasking, AudioGain, ImageShift];

    /// <summary>Sets every flag that was given.</summary>
    public void ApplyTo(CorrespondenceTrainingOptions options, ParseResult parse)
    {
        parse.IfGiven(Positives, v => options.PositivePairing = v == PairingName(PositivePairing.SameGroup) ? PositivePairing.SameGroup : PositivePairing.SameRow);
        parse.IfGiven(AudioTimeShift, v => options.AudioTimeShift = v);
        parse.IfGiven(PitchShift, v => options.AudioFrequencyShift = v);
        parse.IfGiven(AudioMasking, v => options.AudioMasking = v);
        parse.IfGiven(AudioGain, v => options.AudioGain = v);
        parse.IfGiven(ImageShift, v => options.ImageShift = v);
    }

    private static string PairingName(PositivePairing pairing) => pairing == PositivePairing.SameGroup ? "same-group" : "same-row";
}
