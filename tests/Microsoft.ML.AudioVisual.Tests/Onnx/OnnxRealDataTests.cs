using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Tests.Cli;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>
/// The models trained on the AV-MNIST-FSDD training split (shared with the other real-data tests), exported with
/// <c>avl export onnx</c> and served by ONNX Runtime: embeddings of recordings and images no test trained on equal the
/// zip model's within 1e-4 through <c>avl embed</c>, the heat maps and correspondence scores equal TorchSharp's, the
/// files pass the ONNX checker, and the serving sample classifies digits from the exported folder.
/// </summary>
[Collection(AvMnistFsddCollection.Name)]
public sealed class OnnxRealDataTests(AvMnistFsddModels models, ITestOutputHelper output)
{
    private static (int Exit, string Out, string Error) Avl(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (AvlApp.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString());
    }

    private string Export(string model, string name)
    {
        var directory = Path.Combine(models.Folder, name);
        var (exit, stdout, error) = Avl("export", "onnx", "--model", model, "--out", directory);
        Assert.True(exit == 0, error);
        output.WriteLine(stdout);
        return directory;
    }

    /// <summary>Recordings of the test takes (never trained on) and real animal sounds, and photos and drawings of other sets.</summary>
    private static (string[] Sounds, string[] Images) UnseenMedia()
    {
        var recordings = Fsdd.Scan(AvMnistFsddModels.Fsdd).Where(r => r.IsOfficialTest && r.Take == 0).Select(r => r.Path);
        var animals = Directory.GetFiles(SharedData.Path("data", "gcompris", "animals"));
        var instruments = Directory.GetFiles(SharedData.Path("data", "gcompris", "instruments"), "*.png");
        return ([.. recordings, .. animals.Where(f => f.EndsWith(".ogg", StringComparison.Ordinal))],
                [.. animals.Where(f => f.EndsWith(".png", StringComparison.Ordinal)), .. instruments]);
    }

    [SharedDataFact]
    public void EmbedFromTheExportedFolderMatchesTheZipModelOnUnseenMedia()
    {
        var directory = Export(models.AvcModel, "avc-onnx");
        var (sounds, images) = UnseenMedia();
        foreach (var (kind, files) in new[] { ("--audio", sounds), ("--image", images) })
        {
            var fromZip = Path.Combine(models.Folder, $"zip{kind}.npy");
            var fromOnnx = Path.Combine(models.Folder, $"onnx{kind}.npy");
            var zip = Avl(["embed", "--model", models.AvcModel, kind, .. files, "--out", fromZip]);
            Assert.True(zip.Exit == 0, zip.Error);
            var onnx = Avl(["embed", "--model", directory, kind, .. files, "--out", fromOnnx]);
            Assert.True(onnx.Exit == 0, onnx.Error);
            var expected = NpyFile.Read(fromZip);
            var actual = NpyFile.Read(fromOnnx);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(files.Length, actual.Shape[0]);
            int dim = (int)expected.Shape[1];
            OnnxParity.AssertClose($"avl embed {kind} ({files.Length} files)", Rows(expected.ToSingles(), dim), Rows(actual.ToSingles(), dim), output);
        }
    }

    [SharedDataFact]
    public void CorrespondenceHeadMatchesTorchSharpOnTestPairs()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(models.AvcModel);
        var served = context.AudioVisual().LoadOnnxModel(Export(models.AvcModel, "avc-onnx-head"));
        var test = TestExamples();
        var images = test.Images.Take(120).ToList();
        var sounds = Enumerable.Range(0, images.Count).Select(i => test.Spectrograms[(i * 7) % test.Spectrograms.Count]).ToList();
        var visualEmbeddings = model.EmbedVisual(images);
        var audioEmbeddings = model.EmbedAudio(sounds);
        var expected = model.ScoreEmbeddings(visualEmbeddings, audioEmbeddings).Select(s => new[] { s }).ToList();

        var rows = visualEmbeddings.Select((v, i) => new EmbeddingPair { VisualEmbedding = v, AudioEmbedding = audioEmbeddings[i] });
        var schema = SchemaDefinition.Create(typeof(EmbeddingPair));
        schema[nameof(EmbeddingPair.VisualEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.EmbeddingDimension);
        schema[nameof(EmbeddingPair.AudioEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.EmbeddingDimension);
        var data = context.Data.LoadFromEnumerable(rows, schema);
        var actual = served.ApplyNetwork("head").Fit(data).Transform(data).GetColumn<float[]>("CorrespondenceScore").ToList();
        OnnxParity.AssertClose("AvcEmbedding head on test pairs", expected, actual, output);
        OnnxParity.AssertClose("AvcEmbedding visual on MNIST test images", visualEmbeddings, served.EmbedVisual(images), output);
        OnnxParity.AssertClose("AvcEmbedding audio on FSDD test recordings", audioEmbeddings, served.EmbedAudio(sounds), output);
    }

    [SharedDataFact]
    public void LocalizerHeatmapsMatchTorchSharpOnTestScenes()
    {
        var context = new MLContext(seed: 1);
        using var localizer = context.AudioVisual().LoadTransformer<SoundLocalizerTransformer>(models.LocalizerModel);
        var served = context.AudioVisual().LoadOnnxModel(Export(models.LocalizerModel, "localizer-onnx"));
        var test = TestExamples();
        var scenes = CompositeScenes.Build(test, 2, 60, seed: 4);
        var images = scenes.Select(s => s.Image).ToList();
        var sounds = scenes.Select(s => test.Spectrograms[s.SoundIndex]).ToList();
        var expected = localizer.Localize(images, scenes[0].Height, scenes[0].Width, sounds);

        var options = localizer.Options;
        var data = CompositeRows.Load(context, images, scenes[0].Height, scenes[0].Width, sounds, localizer.Shapes.AudioBins, localizer.Shapes.AudioFrames);
        var result = served.ApplyNetwork("heatmap", inputColumnNames: ["Image", "Spectrogram"]).Fit(data).Transform(data);
        OnnxParity.AssertClose("SoundLocalizer heat maps on test scenes", expected.Select(r => r.Heatmap).ToList(), result.GetColumn<float[]>(options.HeatmapColumnName).ToList(), output);
        OnnxParity.AssertClose("SoundLocalizer scores on test scenes", expected.Select(r => new[] { r.Score }).ToList(), result.GetColumn<float[]>(options.ScoreColumnName).ToList(), output);
    }

    [OnnxCheckerFact(RequiresSharedData = true)]
    public void ExportedTrainedModelsPassTheOnnxChecker()
    {
        var files = new[] { Export(models.AvcModel, "avc-onnx-check"), Export(models.LocalizerModel, "localizer-onnx-check") }
            .SelectMany(directory => Directory.GetFiles(directory, "*.onnx")).ToList();
        Assert.Equal(4, files.Count);
        output.WriteLine(OnnxChecker.CheckAll(files));
    }

    [SharedDataFact]
    public void ServingSampleClassifiesDigitsFromTheExportedFolder()
    {
        var directory = Export(models.AvcModel, "avc-onnx-sample");
        // Ten training takes per digit and speaker keep the test short; the sample's Program uses all 45.
        var (train, test) = OnnxServing.SpokenDigitServing.FsddSplit(AvMnistFsddModels.Fsdd, trainPerDigitAndSpeaker: 10);
        Assert.Equal(500, train.Count);
        Assert.Equal(250, test.Count);
        double accuracy = OnnxServing.SpokenDigitServing.TrainAndTest(new MLContext(seed: 1), directory, train, test);
        output.WriteLine($"serving sample: digit accuracy {accuracy:P1} on the {test.Count} test recordings (chance 10 %)");
        Assert.True(accuracy >= 0.6, $"digit accuracy from the served embeddings {accuracy:P1} (chance 10 %)");
    }

    private static AudioVisualExamples TestExamples() =>
        AudioVisualExamples.FromAvMnistFsdd(AvMnistFsdd.Load(AvMnistFsddModels.Fsdd, AvMnistFsddModels.Mnist), Split.Test, 0, 0);

    private static List<float[]> Rows(float[] flat, int dim) =>
        Enumerable.Range(0, flat.Length / dim).Select(i => flat.AsSpan(i * dim, dim).ToArray()).ToList();

    private sealed class EmbeddingPair
    {
        public float[] VisualEmbedding { get; set; } = [];
        public float[] AudioEmbedding { get; set; } = [];
    }
}
