using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Torch;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>The CLI's way to fit the library's trainers: with the progress display, and a closing line when the model is saved.</summary>
internal static class TrainingRunner
{
    /// <summary>Fits AvcEmbedding on <paramref name="rows"/> (image, spectrogram and group columns named in <paramref name="options"/>).</summary>
    public static AvcEmbeddingTransformer FitAvc(CliOutput io, MLContext context, IDataView rows, AvcEmbeddingOptions options) =>
        TrainingDisplay.Run(io, "AvcEmbedding", progress =>
        {
            options.Progress = progress;
            return context.AudioVisual().AvcEmbedding(options).Fit(rows);
        });

    /// <summary>Fits SoundLocalizer on scene rows.</summary>
    public static SoundLocalizerTransformer FitLocalizer(CliOutput io, MLContext context, IDataView scenes, SoundLocalizerOptions options) =>
        TrainingDisplay.Run(io, "SoundLocalizer", progress =>
        {
            options.Progress = progress;
            return context.AudioVisual().SoundLocalizer(options).Fit(scenes);
        });

    /// <summary>Saves a trained model and says where, after how many epochs and minutes.</summary>
    public static void Save(CliOutput io, TorchTransformerBase model, string path)
    {
        model.Save(path);
        var summary = model.TrainingSummary;
        io.Out.WriteLine(summary is null ? $"Saved {path}." : $"Saved {path} ({summary.Epochs} epochs, {summary.Elapsed.TotalMinutes:0.0} min).");
    }
}
