using System.CommandLine;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl train motion-separator</c>, and what <c>avl separate --video</c> needs to read videos for a Sound of Motions model.</summary>
internal static class MotionSeparatorCommands
{
    /// <summary>The default training budget: the issue's "at most 25 minutes on 2 cores" for the default command.</summary>
    internal const double DefaultMaxMinutes = 25;

    /// <summary>
    /// <c>avl train motion-separator --fsdd DIR --mnist DIR --out MODEL [--curriculum on|off] [--ablate-motion]</c>: Sound of
    /// Motions on AV-MNIST-FSDD duets of the training split, validated on look-alike duets of the test split.
    /// </summary>
    public static Command CreateTrain(CliOutput io)
    {
        var fsdd = new Option<string>("--fsdd") { Description = "Folder of FSDD WAV recordings (the training split is used).", Required = true };
        var mnist = new Option<string>("--mnist") { Description = "Folder with the MNIST idx files.", Required = true };
        var curriculum = OnOffArgument.Create("--curriculum",
            "on: different-looking duets for the first quarter of the epochs, then look-alike ones; off: look-alike duets from the start.", on: true);
        var ablate = new Option<bool>("--ablate-motion") { Description = "Zero the motion features: the same network conditioned on appearance alone (a baseline)." };
        var defaults = new SoundOfMotionsOptions();
        var mask = MaskArgument.Create(defaults.Mask);
        var training = new TrainingArguments(defaults);
        training.MaxMinutes.DefaultValueFactory = _ => DefaultMaxMinutes;
        training.Epochs.Description = "Passes, each with fresh duets.";
        training.BatchSize.Description = "Duets per step.";
        training.Seed.Description = "Seed of duets, motion and initialisation.";
        var duets = new Option<int?>("--duets-per-epoch") { Description = "Duets per epoch (default: one per training recording)." };
        var validation = new Option<int>("--validation-duets") { Description = "Look-alike duets of the test split scored (NSDR) during training.", DefaultValueFactory = _ => defaults.ValidationDuets };
        var validateEvery = new Option<int>("--validate-every") { Description = "Validate every this many epochs (and after the last).", DefaultValueFactory = _ => 2 };
        var (speakers, excludeSpeakers) = SeparationCommands.SpeakerOptions();
        var command = new Command("motion-separator",
            "Train Sound of Motions on AV-MNIST-FSDD duets: each source's image moves with its recording's loudness; in look-alike duets both show the same image.")
        {
            fsdd, mnist, curriculum, ablate, mask, duets, validation, validateEvery, speakers, excludeSpeakers,
        };
        // Validation runs on test duets, not on a held-out fraction of the training rows.
        foreach (var option in training.All.Where(o => o != training.ValidationFraction)) command.Options.Add(option);
        command.SetAction(parse => io.Guard(() =>
        {
            var options = new SoundOfMotionsOptions
            {
                Curriculum = parse.IsOn(curriculum),
                AblateMotion = parse.GetValue(ablate),
                Mask = MaskArgument.Parse(parse.GetValue(mask)!),
                DuetsPerEpoch = parse.GetValue(duets),
                ValidationDuets = parse.GetValue(validation),
                ValidationInterval = parse.GetValue(validateEvery),
                MaxTrainingTime = TimeSpan.FromMinutes(DefaultMaxMinutes),
                Progress = new SeparationCommands.EpochLines(io),
            };
            training.ApplyTrainingTo(options, parse);
            var source = ExampleSourceArguments.FilterSpeakers(DataArguments.Load(parse.GetValue(fsdd)!, parse.GetValue(mnist)!), parse, speakers, excludeSpeakers);
            io.Out.WriteLine($"AV-MNIST-FSDD training split: {source.GetRecordingIndices(Datasets.Split.Train).Count} recordings; duets with moving images, " +
                             $"curriculum {(options.Curriculum ? "on" : "off")}, {options.Mask} masks{(options.AblateMotion ? ", motion stream ablated" : "")}.");
            var context = new MLContext(seed: options.Seed);
            using var model = context.AudioVisual().TrainSoundOfMotions(source, options);
            model.Save(parse.GetValue(training.Output)!);
            var summary = model.TrainingSummary!;
            io.Out.WriteLine($"Saved {parse.GetValue(training.Output)} ({summary.Epochs} epochs, {summary.Steps} steps, {summary.Elapsed.TotalMinutes:0.0} min" +
                             (summary.StoppedByTimeLimit ? ", stopped by the time limit" : "") + ").");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The grey frames <c>[F, 1, S, S]</c> in [0, 1] of <paramref name="path"/> that go with <paramref name="seconds"/> of
    /// mixture for <paramref name="model"/>: its frame size and rate from the video's start, the last frame repeated when the
    /// video is shorter.
    /// </summary>
    public static float[] LoadVideo(SoundOfMotionsTransformer model, string path, double seconds)
    {
        double fps = model.VideoFramesPerSecond;
        int count = Math.Max(model.FramesPerClip, (int)Math.Ceiling(seconds * fps));
        int size = model.FrameSize, plane = size * size;
        var clip = MediaDecoder.DecodeFrames(path, [.. Enumerable.Range(0, count).Select(i => i / fps)], new FrameFormat(size, size), padShort: true);
        var grey = new float[count * plane];
        for (int t = 0; t < count; t++)
            for (int p = 0; p < plane; p++)
            {
                int rgb = t * 3 * plane;
                grey[(t * plane) + p] = (0.299f * clip.Pixels[rgb + p]) + (0.587f * clip.Pixels[rgb + plane + p]) + (0.114f * clip.Pixels[rgb + (2 * plane) + p]);
            }
        return grey;
    }
}
