using System.CommandLine;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Synchronization;
using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl train sync --fsdd DIR --mnist DIR --out MODEL [--curriculum on|off] [--kind digits|impacts] [--videos DIR]</c>:
/// AVTS synchronisation training on generated (or real) videos.
/// </summary>
internal static class SyncTrainCommand
{
    public static Command Create(CliOutput io)
    {
        var data = new SyncDataArguments(defaultSeed: 1, defaultSeconds: 4, defaultCount: 1200);
        var output = new Option<string>("--out") { Description = "Model file to write.", Required = true };
        var curriculum = new Option<string>("--curriculum") { Description = "on: easy negatives only for the first quarter, then easy:hard 3:1; off: 3:1 from the start.", DefaultValueFactory = _ => "on" };
        curriculum.AcceptOnlyFromAmong("on", "off");
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training videos.", DefaultValueFactory = _ => 12 };
        var batchSize = new Option<int>("--batch-size") { Description = "Clips per step.", DefaultValueFactory = _ => 64 };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var clipFrames = new Option<int>("--clip-frames") { Description = "Frames per clip.", DefaultValueFactory = _ => 8 };
        var hardMinOffset = new Option<double>("--hard-min-offset") { Description = "Smallest shift of a hard negative, seconds.", DefaultValueFactory = _ => 0.2 };
        var size = new Option<string>("--size") { Description = "small (CPU preset) or paper (64-128-256-512 towers).", DefaultValueFactory = _ => "small" };
        size.AcceptOnlyFromAmong("small", "paper");
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
        var maxMinutes = new Option<double?>("--max-minutes") { Description = "Stop training after this many minutes.", DefaultValueFactory = _ => 17 };
        var checkpoints = new Option<string?>("--checkpoint-dir") { Description = "Checkpoint after every epoch here; resume from it." };
        var validation = new Option<double>("--validation-fraction") { Description = "Held-out fraction of the videos for per-epoch accuracies.", DefaultValueFactory = _ => 0.05 };
        var command = new Command("sync", "Train AudioVisualSync (AVTS) on generated digit or impact videos, or on a folder of videos.");
        foreach (var option in data.All) command.Options.Add(option);
        foreach (Option option in new Option[] { output, curriculum, epochs, batchSize, learningRate, clipFrames, hardMinOffset, size, threads, maxMinutes, checkpoints, validation })
            command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var frontEnd = AudioVisualExamples.FsddFrontEnd();
            var options = new AudioVisualSyncOptions
            {
                GroupColumnName = SyncVideoData.VideoIdColumnName,
                ClipFrames = parse.GetValue(clipFrames),
                HardNegativeMinOffset = parse.GetValue(hardMinOffset),
                Curriculum = parse.GetValue(curriculum) == "off" ? SyncCurriculum.Constant() : SyncCurriculum.Default,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(data.Seed),
                Threads = parse.GetValue(threads),
                MaxTrainingTime = parse.GetValue(maxMinutes) is double m ? TimeSpan.FromMinutes(m) : null,
                CheckpointDirectory = parse.GetValue(checkpoints),
                ValidationFraction = parse.GetValue(validation),
            };
            if (parse.GetValue(size) == "paper")
            {
                options.VideoTower = MixedConvolutionArchitecture.Paper;
                options.AudioTower = options.AudioTower with { Widths = [64, 128, 256, 512], ConvolutionsPerBlock = 2 };
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var videos = data.Load(parse, Split.Train, options.FramesPerSecond, frontEnd.SampleRate, null, segment: true, io.Out);
            io.Out.WriteLine($"Training on {videos.Count} {data.Describe(parse)} of {videos[0].Duration:0.##} s ({videos.Sum(v => v.Events.Count)} events), made in {clock.Elapsed.TotalSeconds:0} s; curriculum {options.Curriculum}.");
            var context = new MLContext(seed: options.Seed ?? 1);
            var view = SyncVideoData.Load(context, videos, frontEnd);
            using var model = TrainingDisplay.Run(io, "AudioVisualSync", progress =>
            {
                options.Progress = progress;
                return context.AudioVisual().AudioVisualSync(options).Fit(view);
            });
            model.Save(parse.GetValue(output)!);
            var summary = model.TrainingSummary!;
            io.Out.WriteLine($"Saved {parse.GetValue(output)} ({summary.Epochs} epochs, {summary.Steps} steps, {summary.Elapsed.TotalMinutes:0.0} min training, {clock.Elapsed.TotalMinutes:0.0} min in all)" +
                             (summary.Validation is { } v ? $"; validation {Training.TrainingProgress.Describe(v)}." : "."));
            return 0;
        }));
        return command;
    }
}
