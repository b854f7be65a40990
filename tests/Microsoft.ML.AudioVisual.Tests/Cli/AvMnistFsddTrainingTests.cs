using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// End to end on real data: <c>avl train avc</c>, <c>avl eval avc</c>, <c>avl embed</c>, the downstream SVM against
/// its baselines, <c>avl train localizer</c>, <c>avl eval localization</c> and <c>avl localize</c>. Short training
/// (minutes) is enough to clear the bars below by a margin; the closing numbers come from longer runs.
/// </summary>
[Collection(AvMnistFsddCollection.Name)]
public sealed class AvMnistFsddTrainingTests(AvMnistFsddModels models)
{
    private static (int Exit, string Out, string Error) Avl(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (AvlApp.Run(args, output, error), output.ToString(), error.ToString());
    }

    [SharedDataFact]
    public void EvalAvcReportsLearningAboveBaselinesOnTheTestSplit()
    {
        var json = Path.Combine(models.Folder, "eval_avc.json");
        var (exit, _, error) = Avl("eval", "avc", "--model", models.AvcModel, "--fsdd", AvMnistFsddModels.Fsdd, "--mnist", AvMnistFsddModels.Mnist, "--split", "test", "--json", json);
        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        foreach (var key in new[] { "avc_accuracy", "recall_at_1_audio_to_image", "recall_at_1_image_to_audio", "ndcg_at_30_audio_to_image",
                     "linear_probe_accuracy", "baseline_logmel_probe_accuracy", "baseline_random_network_probe_accuracy" })
            Assert.InRange((double)report[key]!, 0.0, 1.0);
        Assert.Equal(250, (int)report["items"]!);
        Assert.True((double)report["avc_accuracy"]! >= 0.9, $"AVC accuracy {report["avc_accuracy"]}");
        Assert.True((double)report["recall_at_1_audio_to_image"]! >= 0.8, $"recall@1 a->i {report["recall_at_1_audio_to_image"]}");
        Assert.True((double)report["recall_at_1_image_to_audio"]! >= 0.8, $"recall@1 i->a {report["recall_at_1_image_to_audio"]}");
        double probe = (double)report["linear_probe_accuracy"]!;
        Assert.True(probe > (double)report["baseline_logmel_probe_accuracy"]! && probe > (double)report["baseline_random_network_probe_accuracy"]!,
            $"probe {probe} vs log-mel {report["baseline_logmel_probe_accuracy"]} and random network {report["baseline_random_network_probe_accuracy"]}");
    }

    [SharedDataFact]
    public void DownstreamSvmOnFrozenEmbeddingsBeatsBothBaselinesOnTheOfficialSplit()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(models.AvcModel);
        using var random = model.WithRandomWeights(seed: 1);
        var source = AvMnistFsdd.Load(AvMnistFsddModels.Fsdd, AvMnistFsddModels.Mnist);
        var train = AudioVisualExamples.FromAvMnistFsdd(source, Split.Train, 0, 0);
        var test = AudioVisualExamples.FromAvMnistFsdd(source, Split.Test, 0, 0);

        // Frozen features -> z-score -> OneVersusAll(LinearSvm), trained on the train split, scored on the test split
        // (samples/FsddDigitClassification builds the same pipeline by hand).
        var trainLabels = train.AudioLabels.ToArray();
        var testLabels = test.AudioLabels.ToArray();
        double Accuracy(Func<IReadOnlyList<float[]>, float[][]> features) =>
            Microsoft.ML.AudioVisual.Evaluation.LinearProbe.TrainTest(context, features(train.Spectrograms), trainLabels, features(test.Spectrograms), testLabels);

        double embeddings = Accuracy(model.EmbedAudio);
        double logMel = Accuracy(s => s.ToArray());
        double randomNetwork = Accuracy(random.EmbedAudio);
        Assert.True(embeddings >= 0.9 && embeddings > logMel && embeddings > randomNetwork,
            $"digit accuracy: embeddings {embeddings:P1}, raw log-mel {logMel:P1}, random network {randomNetwork:P1}");
    }

    [SharedDataFact]
    public void EmbedWritesOneRowPerInput()
    {
        var output = Path.Combine(models.Folder, "audio.npy");
        var recordings = new[] { "0_george_0.wav", "1_lucas_3.wav", "7_yweweler_2.wav" }.Select(f => Path.Combine(AvMnistFsddModels.Fsdd, f)).ToArray();
        var (exit, _, error) = Avl(["embed", "--model", models.AvcModel, "--audio", .. recordings, "--out", output]);
        Assert.True(exit == 0, error);
        var embeddings = NpyFile.Read(output);
        Assert.Equal([3, 128], embeddings.Shape);
        var values = embeddings.ToSingles();
        for (int row = 0; row < 3; row++)
            Assert.Equal(1.0, Math.Sqrt(values.Skip(row * 128).Take(128).Sum(v => (double)v * v)), 3); // AVE-Net embeddings are unit length

        var (imageExit, _, imageError) = Avl("embed", "--model", models.AvcModel, "--image", SharedData.Path("data", "gcompris", "animals", "cow.png"), "--out", Path.Combine(models.Folder, "image.npy"));
        Assert.True(imageExit == 0, imageError);
        Assert.Equal([1, 128], NpyFile.Read(Path.Combine(models.Folder, "image.npy")).Shape);
    }

    [SharedDataFact]
    public void LocalizerPointsAtTheSpokenDigitInComposites()
    {
        var json = Path.Combine(models.Folder, "eval_loc.json");
        var (exit, _, error) = Avl("eval", "localization", "--model", models.LocalizerModel, "--fsdd", AvMnistFsddModels.Fsdd, "--mnist", AvMnistFsddModels.Mnist,
            "--grid", "2", "--split", "test", "--json", json);
        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(250, (int)report["scenes"]!);
        double pointing = (double)report["pointing_accuracy"]!;
        Assert.True(pointing >= 0.7 && pointing > (double)report["baseline_center_accuracy"]! + 0.3 && pointing > (double)report["baseline_random_accuracy"]! + 0.3,
            $"pointing {pointing}, centre {report["baseline_center_accuracy"]}, random {report["baseline_random_accuracy"]}");
        // The localizer keeps the correspondence accuracy of the AVE-Net it started from (within 3 points after this short training).
        var avcJson = Path.Combine(models.Folder, "eval_avc_for_localizer.json");
        Assert.Equal(0, Avl("eval", "avc", "--model", models.AvcModel, "--fsdd", AvMnistFsddModels.Fsdd, "--mnist", AvMnistFsddModels.Mnist, "--split", "test", "--json", avcJson).Exit);
        double avc = (double)JsonNode.Parse(File.ReadAllText(avcJson))!["avc_accuracy"]!;
        Assert.True((double)report["avc_accuracy"]! >= avc - 0.03, $"localizer correspondence accuracy {report["avc_accuracy"]} vs AvcEmbedding's {avc}");
    }

    [SharedDataFact]
    public void LocalizeWritesAPngAndJson()
    {
        var png = Path.Combine(models.Folder, "heat.png");
        var json = Path.Combine(models.Folder, "heat.json");
        // A 2x2 composite of test digits written as PNG, with a recording of one of them.
        var source = AvMnistFsdd.Load(AvMnistFsddModels.Fsdd, AvMnistFsddModels.Mnist);
        var examples = AudioVisualExamples.FromAvMnistFsdd(source, Split.Test, 0, 0);
        var scene = CompositeScenes.Build(examples, 2, 1, seed: 4)[0];
        var imagePath = Path.Combine(models.Folder, "scene.png");
        Rendering.HeatmapRenderer.WritePng(imagePath, scene.Image, 1, scene.Height, scene.Width, [0f], 1, 1, alpha: 0f, normalise: false);
        var recording = source.GetRecordings(Split.Test).First(r => r.Digit == scene.TargetLabel).Path;
        var (exit, output, error) = Avl("localize", "--model", models.LocalizerModel, "--image", imagePath, "--audio", recording, "--out", png, "--json", json);
        Assert.True(exit == 0, error);
        Assert.True(new FileInfo(png).Length > 100);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.InRange((double)report["score"]!, 0.0, 1.0);
        Assert.Equal(2, report["peak_cell"]!.AsArray().Count);
        Assert.Equal(2, report["peak_position"]!.AsArray().Count);
        Assert.Equal((int)report["grid"]![0]!, report["map"]!.AsArray().Count);
        Assert.Contains("peak cell", output);
    }

    [SharedDataFact]
    public void SpeakerFiltersAndTheImageSplitChooseWhatIsEvaluated()
    {
        var source = AvMnistFsdd.Load(AvMnistFsddModels.Fsdd, AvMnistFsddModels.Mnist);
        string heldOut = source.Speakers[^1];
        int testImages = source.Images.Count - AvMnistFsdd.MnistTrainCount;

        // Every take of one speaker against the MNIST test images.
        var json = Path.Combine(models.Folder, "eval_speaker.json");
        var (exit, _, error) = Avl("eval", "avc", "--model", models.AvcModel, "--fsdd", AvMnistFsddModels.Fsdd, "--mnist", AvMnistFsddModels.Mnist,
            "--speakers", heldOut, "--image-split", "test", "--json", json);
        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(source.Recordings.Count(r => r.Speaker == heldOut), (int)report["items"]!);
        Assert.Equal(testImages, (int)report["images"]!);
        Assert.Equal("all", (string)report["split"]!);
        Assert.Equal("test", (string)report["image_split"]!);
        Assert.Equal([heldOut], report["speakers"]!.AsArray().Select(n => (string)n!));

        // The others' test takes; the images follow --split.
        (exit, _, error) = Avl("eval", "localization", "--model", models.LocalizerModel, "--fsdd", AvMnistFsddModels.Fsdd, "--mnist", AvMnistFsddModels.Mnist,
            "--exclude-speakers", heldOut, "--split", "test", "--json", json);
        Assert.True(exit == 0, error);
        report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(source.GetRecordings(Split.Test).Count(r => r.Speaker != heldOut), (int)report["scenes"]!);
        Assert.Equal("test", (string)report["image_split"]!);
        Assert.DoesNotContain(heldOut, report["speakers"]!.AsArray().Select(n => (string)n!));
    }
}
