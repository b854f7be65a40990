using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Rendering.Reports;
using Microsoft.ML.AudioVisual.Synchronization;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>The CLI's way to fit the library's trainers: with the progress display, and a closing line when the model is saved.</summary>
internal static class TrainingRunner
{
    // The epochs of every model fitted here, so that Save can write the training log next to the model.
    private static readonly ConditionalWeakTable<TorchTransformerBase, TrainingHistory> Histories = new();

    /// <summary>Fits AvcEmbedding on <paramref name="rows"/> (image, spectrogram and group columns named in <paramref name="options"/>).</summary>
    public static AvcEmbeddingTransformer FitAvc(CliOutput io, MLContext context, IDataView rows, AvcEmbeddingOptions options) =>
        TrainingDisplay.Run(io, "AvcEmbedding", progress =>
        {
            var history = new TrainingHistory(progress);
            options.Progress = history;
            return Remember(context.AudioVisual().AvcEmbedding(options).Fit(rows), history);
        });

    /// <summary>Fits SoundLocalizer on scene rows.</summary>
    public static SoundLocalizerTransformer FitLocalizer(CliOutput io, MLContext context, IDataView scenes, SoundLocalizerOptions options) =>
        TrainingDisplay.Run(io, "SoundLocalizer", progress =>
        {
            var history = new TrainingHistory(progress);
            options.Progress = history;
            return Remember(context.AudioVisual().SoundLocalizer(options).Fit(scenes), history);
        });

    /// <summary>Fits AudioVisualSync on video rows (frames, spectrogram and video id columns named in <paramref name="options"/>).</summary>
    public static AudioVisualSyncTransformer FitSync(CliOutput io, MLContext context, IDataView videos, AudioVisualSyncOptions options) =>
        TrainingDisplay.Run(io, "AudioVisualSync", progress =>
        {
            var history = new TrainingHistory(progress);
            options.Progress = history;
            return Remember(context.AudioVisual().AudioVisualSync(options).Fit(videos), history);
        });

    /// <summary>
    /// Saves a trained model and says where, after how many epochs and minutes; the training log goes next to it
    /// (<c>MODEL.training.json</c>, see <see cref="SaveTrainingLog"/>).
    /// </summary>
    public static void Save(CliOutput io, TorchTransformerBase model, string path)
    {
        model.Save(path);
        SaveTrainingLog(model, Path.ChangeExtension(path, "." + RunReport.TrainingLogSuffix));
        var summary = model.TrainingSummary;
        io.Out.WriteLine(summary is null ? $"Saved {path}." : $"Saved {path} ({summary.Epochs} epochs, {summary.Elapsed.TotalMinutes:0.0} min).");
        io.ReportOn(path);
    }

    /// <summary>Writes the per-epoch log of a model fitted here (nothing for a model loaded or fitted elsewhere).</summary>
    public static void SaveTrainingLog(TorchTransformerBase model, string path)
    {
        if (Histories.TryGetValue(model, out var history)) history.Save(path);
    }

    private static T Remember<T>(T model, TrainingHistory history) where T : TorchTransformerBase
    {
        Histories.AddOrUpdate(model, history);
        return model;
    }
}
