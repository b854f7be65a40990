using System.CommandLine;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Synchronization;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl train sync --fsdd DIR --mnist DIR --out MODEL [--curriculum on|off] [--hard-fraction F] [--kind digits|impacts] [--videos DIR]</c>:
/// AVTS synchronisation training on generated (or real) videos.
/// </summary>
internal static class SyncTrainCommand
{
    public static Command Create(CliOutput io)
    {
        var common = new TrainingArguments(new AudioVisualSyncOptions());
        var data = new SyncDataArguments(common.Seed, defaultSeconds: 4, defaultCount: 900);
        var curriculum = OnOffArgument.Create("--curriculum", "on: easy negatives only for the first quarter, then the --hard-fraction share hard; off: that share from the start.", on: true);
        var hardFraction = new Option<double>("--hard-fraction")
        {
            Description = "Share of the negatives that are hard (the same video, shifted): after the easy-only first quarter (--curriculum on), or throughout (off).",
            DefaultValueFactory = _ => SyncCurriculum.DefaultHardNegativeFraction,
        };
        var clipFrames = new Option<int?>("--clip-frames")
        {
            Description = $"Frames per clip (default: {SyncDataArguments.DefaultDigitClipFrames} for digits, {new AudioVisualSyncOptions().ClipFrames} for impacts and real videos).",
        };
        var audioGain = new Option<double>("--audio-gain")
        {
            Description = "Add up to this many dB (either way) to each training clip's spectrogram: a change of loudness (0: off).",
            DefaultValueFactory = _ => new AudioVisualSyncOptions().AudioGain,
        };
        var normalizeLoudness = new Option<bool>("--normalize-loudness") { Description = "Decibels relative to each video's loudest moment (librosa's ref=max) instead of absolute." };
        var hardMinOffset = new Option<double>("--hard-min-offset") { Description = "Smallest shift of a hard negative, seconds.", DefaultValueFactory = _ => new AudioVisualSyncOptions().HardNegativeMinOffset };
        var size = new Option<string>("--size") { Description = "small (CPU preset) or paper (64-128-256-512 towers).", DefaultValueFactory = _ => "small" };
        size.AcceptOnlyFromAmong("small", "paper");
        var command = new Command("sync", "Train AudioVisualSync (AVTS) on generated digit or impact videos, or on a folder of videos.");
        foreach (var option in data.All.Concat(common.All)) command.Options.Add(option);
        foreach (Option option in new Option[] { curriculum, hardFraction, audioGain, normalizeLoudness, clipFrames, hardMinOffset, size }) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var frontEnd = AudioVisualExamples.FsddFrontEnd();
            frontEnd.DecibelRelativeToMaximum = parse.GetValue(normalizeLoudness);
            var options = parse.GetValue(size) == "paper" ? AudioVisualSyncOptions.Paper() : new AudioVisualSyncOptions();
            common.ApplyTrainingTo(options, parse);
            options.GroupColumnName = SyncVideoData.VideoIdColumnName;
            options.ClipFrames = parse.GetValue(clipFrames) ?? (data.IsDigits(parse) ? SyncDataArguments.DefaultDigitClipFrames : options.ClipFrames);
            options.HardNegativeMinOffset = parse.GetValue(hardMinOffset);
            options.AudioGain = parse.GetValue(audioGain);
            double hard = parse.GetValue(hardFraction);
            options.Curriculum = parse.IsOn(curriculum) ? SyncCurriculum.EasyFirst(hard) : SyncCurriculum.Constant(hard);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var videos = data.Load(parse, Split.Train, options.FramesPerSecond, frontEnd.SampleRate, null, segment: true, io.Out);
            io.Out.WriteLine($"Training on {videos.Count} {data.Describe(parse)} of {videos[0].Duration:0.##} s ({videos.Sum(v => v.Events.Count)} events), made in {clock.Elapsed.TotalSeconds:0} s; curriculum {options.Curriculum}.");
            var context = new MLContext(seed: options.Seed);
            using var model = TrainingRunner.FitSync(io, context, SyncVideoData.Load(context, videos, frontEnd), options);
            TrainingRunner.Save(io, model, parse.GetValue(common.Output)!);
            if (model.TrainingSummary?.Validation is { } validation) io.Out.WriteLine($"Validation: {Training.TrainingProgress.Describe(validation)}.");
            return 0;
        }));
        return command;
    }
}
