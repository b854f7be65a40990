using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// The training options shared by <c>avl train avc</c>, <c>avl train localizer</c>, <c>avl train sync</c> and <c>avl train motion-separator</c>. Every default shown is read
/// from a fresh options object of the trainer, and a flag that is not given leaves the trainer's own default in
/// place, so the command line trains exactly as the API does.
/// </summary>
internal sealed class TrainingArguments
{
    /// <summary>Seed of the data, the initialisation and the sampling. The API's Seed defaults to the MLContext's; the CLI gives both this one.</summary>
    public const int DefaultSeed = 1;

    /// <param name="defaults">A fresh options object of the trainer the verb runs.</param>
    public TrainingArguments(TrainingOptionsBase defaults)
    {
        int epochs = defaults.Epochs, batchSize = defaults.BatchSize;
        double learningRate = defaults.LearningRate, validation = defaults.ValidationFraction;
        Epochs = new("--epochs") { Description = "Passes over the training rows.", DefaultValueFactory = _ => epochs };
        BatchSize = new("--batch-size") { Description = "Pairs per step (--size paper: 64).", DefaultValueFactory = _ => batchSize };
        LearningRate = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => learningRate };
        ValidationFraction = new("--validation-fraction") { Description = "Held-out fraction for per-epoch accuracy.", DefaultValueFactory = _ => validation };
        string schedule = ScheduleName(defaults.LearningRateSchedule);
        LearningRateSchedule = new("--lr-schedule") { Description = "constant, or cosine (half a cosine from --lr to zero over the planned steps).", DefaultValueFactory = _ => schedule };
        LearningRateSchedule.AcceptOnlyFromAmong(ScheduleName(Training.LearningRateSchedule.Constant), ScheduleName(Training.LearningRateSchedule.Cosine));
    }

    public Option<string> Output { get; } = new("--out") { Description = "Model file to write.", Required = true };
    public Option<int> Epochs { get; }
    public Option<int> BatchSize { get; }
    public Option<double> LearningRate { get; }
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of pairs, initialisation and sampling.", DefaultValueFactory = _ => DefaultSeed };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: libtorch's choice)." };
    public Option<double?> MaxMinutes { get; } = new("--max-minutes") { Description = "Stop training after this many minutes." };
    public Option<string?> CheckpointDirectory { get; } = new("--checkpoint-dir") { Description = "Checkpoint after every epoch here; resume from it." };
    public Option<double> ValidationFraction { get; }
    public Option<string> LearningRateSchedule { get; }

    public IEnumerable<Option> All => [Output, Epochs, BatchSize, LearningRate, LearningRateSchedule, Seed, Threads, MaxMinutes, CheckpointDirectory, ValidationFraction];

    /// <summary>Sets the input columns of <see cref="AudioVisualExamples"/> views, the seed, and every training flag that was given.</summary>
    public void ApplyTo(CorrespondenceTrainingOptions options, ParseResult parse)
    {
        options.VisualColumnName = AudioVisualExamples.ImageColumnName;
        options.AudioColumnName = AudioVisualExamples.SpectrogramColumnName;
        options.GroupColumnName = AudioVisualExamples.GroupColumnName;
        ApplyTrainingTo(options, parse);
    }

    /// <summary>Sets the seed and every training flag that was given.</summary>
    public void ApplyTrainingTo(TrainingOptionsBase options, ParseResult parse)
    {
        options.Seed = parse.GetValue(Seed);
        parse.IfGiven(Epochs, v => options.Epochs = v);
        parse.IfGiven(BatchSize, v => options.BatchSize = v);
        parse.IfGiven(LearningRate, v => options.LearningRate = v);
        parse.IfGiven(LearningRateSchedule, v => options.LearningRateSchedule = Enum.Parse<Training.LearningRateSchedule>(v, ignoreCase: true));
        parse.IfGiven(ValidationFraction, v => options.ValidationFraction = v);
        parse.IfGiven(Threads, v => options.Threads = v);
        parse.IfGiven(MaxMinutes, v => options.MaxTrainingTime = v is double m ? TimeSpan.FromMinutes(m) : null);
        parse.IfGiven(CheckpointDirectory, v => options.CheckpointDirectory = v);
    }

    private static string ScheduleName(Training.LearningRateSchedule schedule) => schedule.ToString().ToLowerInvariant();
}
