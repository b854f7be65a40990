using Microsoft.ML;
using Microsoft.ML.AudioVisual;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Onnx;

namespace OnnxServing;

/// <summary>
/// Frozen audio embeddings served by ONNX Runtime in a plain ML.NET pipeline: audio loading -> LogMelSpectrogram ->
/// ApplyOnnxModel -> z-score -> OneVersusAll(LinearSvm), trained on labelled sound files and scored on others.
/// </summary>
public static class SpokenDigitServing
{
    /// <summary>A labelled sound file.</summary>
    /// <param name="Path">The file.</param>
    /// <param name="Label">Its class.</param>
    public sealed record Item(string Path, string Label);

    /// <summary>Trains the classifier on <paramref name="train"/> and returns its accuracy on <paramref name="test"/>.</summary>
    /// <param name="mlContext">The context (its GPU settings are honoured by ApplyOnnxModel).</param>
    /// <param name="modelDirectory">A folder written by <c>avl export onnx</c> from an AvcEmbedding model.</param>
    /// <param name="train">Training files.</param>
    /// <param name="test">Test files.</param>
    public static double TrainAndTest(MLContext mlContext, string modelDirectory, IReadOnlyList<Item> train, IReadOnlyList<Item> test)
    {
        // model.json says which file embeds sounds, its column names, and the front-end that makes its input.
        var manifest = OnnxExportManifest.Read(modelDirectory);
        var audio = manifest.Network("audio");
        var frontEnd = manifest.AudioFrontEnd
            ?? throw new InvalidOperationException($"'{modelDirectory}' does not record its audio front-end, so sound files cannot be turned into its input.");

        var pipeline = mlContext.AudioVisual().LoadVideoFrames(new VideoFrameLoaderOptions
            {
                InputColumnName = nameof(Item.Path),
                FramesColumnName = null,
                FrameTimesColumnName = null,
                AudioColumnName = "Audio",
                SampleRate = frontEnd.Options.SampleRate,
                AudioDuration = frontEnd.ClipSeconds,
                PadShortClips = true,
            })
            .Append(mlContext.AudioVisual().LogMelSpectrogram(audio.Inputs[0].Name, "Audio", frontEnd.Options))
            .Append(mlContext.Transforms.ApplyOnnxModel(audio.Outputs[0].Name, audio.Inputs[0].Name, Path.Combine(modelDirectory, audio.File)))
            .Append(mlContext.Transforms.CopyColumns("Features", audio.Outputs[0].Name))
            // The SVM passes over the data many times: cache the embeddings rather than rerun decoding and the network.
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Item.Label)))
            .Append(mlContext.MulticlassClassification.Trainers.OneVersusAll(
                mlContext.BinaryClassification.Trainers.LinearSvm(labelColumnName: "LabelKey", numberOfIterations: 20), labelColumnName: "LabelKey"));

        var model = pipeline.Fit(mlContext.Data.LoadFromEnumerable(train));
        var predictions = model.Transform(mlContext.Data.LoadFromEnumerable(test));
        return mlContext.MulticlassClassification.Evaluate(predictions, labelColumnName: "LabelKey").MicroAccuracy;
    }

    /// <summary>
    /// The FSDD recordings of a folder, split as the data set does: takes 0-4 are the test split. The label is the digit
    /// (the file name starts with it). <paramref name="trainPerDigitAndSpeaker"/> limits the training takes (null for all).
    /// </summary>
    public static (List<Item> Train, List<Item> Test) FsddSplit(string recordingsFolder, int? trainPerDigitAndSpeaker = null)
    {
        var train = new List<Item>();
        var test = new List<Item>();
        foreach (var path in Directory.EnumerateFiles(recordingsFolder, "*.wav").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('_'); // digit_speaker_take
            if (parts.Length != 3 || !int.TryParse(parts[2], out int take)) continue;
            if (take <= 4) test.Add(new Item(path, parts[0]));
            else if (trainPerDigitAndSpeaker is null || take < 5 + trainPerDigitAndSpeaker) train.Add(new Item(path, parts[0]));
        }
        if (train.Count == 0 || test.Count == 0) throw new InvalidOperationException($"No FSDD recordings (digit_speaker_take.wav) in '{recordingsFolder}'.");
        return (train, test);
    }
}
