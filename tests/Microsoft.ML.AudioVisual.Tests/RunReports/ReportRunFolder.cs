using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Rendering.Reports;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Tests.RunReports;

/// <summary>A run folder holding one of everything the report shows, built from the library's own writers.</summary>
internal static class ReportRunFolder
{
    public const double MeanAccuracy = 0.8125;

    public static void Build(string folder)
    {
        // A classification report with a confusion matrix, as avl eval classify writes it.
        var metrics = new JsonObject
        {
            ["mean_accuracy"] = MeanAccuracy,
            ["fold_accuracies"] = new JsonArray(0.75, 0.875),
            ["classes"] = new JsonArray("dog", "rain", "siren"),
            ["items"] = 16,
            ["confusion"] = new JsonArray(new JsonArray(5, 1, 0), new JsonArray(0, 4, 1), new JsonArray(1, 0, 4)),
            ["pipeline"] = new JsonObject { ["trainer"] = "OneVersusAll(LinearSvm)", ["normalise"] = true },
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "classify.json"), metrics.ToJsonString());

        // A training log of three epochs, through the recorder the train verbs use.
        var history = new TrainingHistory();
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            history.Report(new TrainingProgress(epoch, 3, 1, 10, 0.7, new Dictionary<string, double> { ["accuracy"] = 0.5 }, null, false, TimeSpan.FromSeconds(epoch), 1e-3));
            history.Report(new TrainingProgress(epoch, 3, 10, 10, 0.7 / epoch, new Dictionary<string, double> { ["accuracy"] = 0.5 + 0.1 * epoch },
                new Dictionary<string, double> { ["accuracy"] = 0.45 + 0.1 * epoch }, true, TimeSpan.FromSeconds(epoch), 1e-3));
        }
        history.Save(Path.Combine(folder, "model.training.json"));

        // A heat-map overlay, as the localizer verbs write it.
        var data = SyntheticAudioVisual.Generate(30, seed: 5);
        var first = data.Items[0];
        HeatmapRenderer.WritePng(Path.Combine(folder, "heatmaps", "overlay.png"), first.Image, 3, data.ImageSize, data.ImageSize,
            [0.1f, 0.2f, 0.3f, 0.9f], 2, 2, scale: 4);

        // A sound (float32 WAV; the page embeds it as 16-bit PCM).
        WavFile.Write(Path.Combine(folder, "mixture.wav"), first.Waveform, data.SampleRate);

        // Retrieval examples with embeddings that mostly know the class.
        var examples = AudioVisualExamples.FromSynthetic(data);
        var random = new Random(3);
        float[] Embed(int label) => Enumerable.Range(0, data.Classes).Select(c => (c == label ? 1f : 0f) + 0.3f * (float)random.NextDouble()).ToArray();
        RetrievalExamples.WriteAudioToImage(folder, examples, examples.AudioLabels.Select(Embed).ToArray(), examples.ImageLabels.Select(Embed).ToArray(), queries: 3, neighbours: 4);
    }
}
