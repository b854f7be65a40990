using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Onnx;
using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>
/// ONNX export of small trained models (toy data, a few epochs, so BatchNorm statistics and weights are trained
/// values): ONNX Runtime through ML.NET's ApplyOnnxModel gives the TorchSharp outputs within 1e-4 for every exported
/// network, the files pass the ONNX checker, and the manifest describes them.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static AvcEmbeddingOptions Options(AvcArchitecture architecture, int? hidden = null) => new()
    {
        VisualColumnName = "Image", GroupColumnName = "Group", Epochs = 2, BatchSize = 32, Seed = 11, Threads = 1,
        Tower = new TowerArchitecture { Widths = [8, 16, 32] }, EmbeddingDimension = 16, HiddenDimension = hidden,
        Architecture = architecture, InferenceBatchSize = 64,
    };

    public static TheoryData<AvcArchitecture, int?> Architectures => new()
    {
        { AvcArchitecture.AveNet, null },
        { AvcArchitecture.AveNet, 24 },
        { AvcArchitecture.L3, null },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void AvcEmbeddingNetworksMatchTorchSharp(AvcArchitecture architecture, int? hidden)
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().AvcEmbedding(Options(architecture, hidden)).Fit(ToyAudioVisual.Create(context, 160, seed: 7));
        using var folder = new TempFolder();
        var manifest = model.ExportOnnx(folder.Path);
        Assert.Equal(["audio", "visual", "head"], manifest.Networks.Select(n => n.Name));

        var served = context.AudioVisual().LoadOnnxModel(folder.Path);
        var rows = ToyAudioVisual.Rows(100, 4, seed: 99); // rows the model never saw
        var images = rows.Select(r => r.Image).ToList();
        var sounds = rows.Select(r => r.Spectrogram).ToList();
        var audio = OnnxParity.AssertClose($"{architecture} audio", model.EmbedAudio(sounds), served.EmbedAudio(sounds), output);
        var visual = OnnxParity.AssertClose($"{architecture} visual", model.EmbedVisual(images), served.EmbedVisual(images), output);

        // The head chains after the two embedding networks in one ML.NET pipeline, as the transformer's columns do.
        var data = ToyAudioVisual.Load(context, rows);
        var pipeline = served.ApplyNetwork("visual", inputColumnNames: ["Image"])
            .Append(served.AudioEmbedding())
            .Append(served.ApplyNetwork("head"));
        var scored = pipeline.Fit(data).Transform(data);
        var onnxScores = scored.GetColumn<float[]>("CorrespondenceScore").ToList();
        var torchScores = model.ScoreCorrespondence(images, sounds).Select(s => new[] { s }).ToList();
        OnnxParity.AssertClose($"{architecture} head", torchScores, onnxScores, output);
        Assert.True(audio + visual > 0, "identical outputs would suggest the comparison compared a model with itself");
    }

    [Fact]
    public void ClipModelsPoolTheirFramesInTheGraph()
    {
        var context = new MLContext(seed: 1);
        var rows = ToyAudioVisual.Rows(160, 4, seed: 5);
        var clips = rows.Select(r => new ClipRow { Image = [.. r.Image, .. r.Image.Select(v => 1f - v)], Spectrogram = r.Spectrogram, Group = r.Group }).ToList();
        using var model = context.AudioVisual().AvcEmbedding(Options(AvcArchitecture.AveNet)).Fit(ClipRow.Load(context, clips));
        using var folder = new TempFolder();
        model.ExportOnnx(folder.Path);
        var served = context.AudioVisual().LoadOnnxModel(folder.Path);
        Assert.Equal(2, served.Image!.Frames);
        Assert.Equal([-1L, 2, 1, 16, 16], served.Manifest.Network("visual").Inputs[0].Shape);
        var visuals = clips.Take(50).Select(c => c.Image).ToList();
        OnnxParity.AssertClose("clip visual", model.EmbedVisual(visuals), served.EmbedVisual(visuals), output);
    }

    [Fact]
    public void SoundLocalizerHeatmapNetworkMatchesTorchSharp()
    {
        var context = new MLContext(seed: 1);
        var options = Options(AvcArchitecture.AveNet);
        using var avc = context.AudioVisual().AvcEmbedding(options).Fit(ToyAudioVisual.Create(context, 120, seed: 7));
        var examples = ToyAudioVisual.Examples(200, 4, seed: 8);
        using var localizer = context.AudioVisual().SoundLocalizer(new SoundLocalizerOptions
        {
            StartFrom = avc, VisualColumnName = "Image", GroupColumnName = "Group", Epochs = 1, BatchSize = 32, Seed = 3, Threads = 1,
        }).Fit(CompositeRows.View(context, examples, 160, seed: 5));
        using var folder = new TempFolder();
        var manifest = localizer.ExportOnnx(folder.Path);
        var network = Assert.Single(manifest.Networks);
        Assert.Equal(["Heatmap", "Score"], network.Outputs.Select(o => o.Name));

        var test = CompositeScenes.Build(ToyAudioVisual.Examples(120, 4, seed: 99), 2, 60, seed: 9);
        var source = ToyAudioVisual.Examples(120, 4, seed: 99);
        var images = test.Select(s => s.Image).ToList();
        var sounds = test.Select(s => source.Spectrograms[s.SoundIndex]).ToList();
        var expected = localizer.Localize(images, test[0].Height, test[0].Width, sounds);

        var served = context.AudioVisual().LoadOnnxModel(folder.Path);
        var data = CompositeRows.Load(context, images, test[0].Height, test[0].Width, sounds, ToyAudioVisual.Bins, ToyAudioVisual.Frames);
        var result = served.ApplyNetwork("heatmap", inputColumnNames: ["Image", "Spectrogram"]).Fit(data).Transform(data);
        OnnxParity.AssertClose("localizer heatmap", expected.Select(r => r.Heatmap).ToList(), result.GetColumn<float[]>("Heatmap").ToList(), output);
        OnnxParity.AssertClose("localizer score", expected.Select(r => new[] { r.Score }).ToList(), result.GetColumn<float[]>("Score").ToList(), output);
    }

    [OnnxCheckerFact]
    public void ExportedFilesPassTheOnnxChecker()
    {
        var context = new MLContext(seed: 1);
        using var avc = context.AudioVisual().AvcEmbedding(Options(AvcArchitecture.AveNet, hidden: 24)).Fit(ToyAudioVisual.Create(context, 80, seed: 7));
        using var l3 = context.AudioVisual().AvcEmbedding(Options(AvcArchitecture.L3)).Fit(ToyAudioVisual.Create(context, 80, seed: 7));
        using var localizer = context.AudioVisual().SoundLocalizer(new SoundLocalizerOptions
        {
            StartFrom = avc, VisualColumnName = "Image", GroupColumnName = "Group", Epochs = 1, BatchSize = 32, Seed = 3, Threads = 1,
        }).Fit(CompositeRows.View(context, ToyAudioVisual.Examples(120, 4, seed: 8), 80, seed: 5));
        using var folder = new TempFolder();
        var files = new List<string>();
        foreach (var (name, model) in new (string, Microsoft.ML.AudioVisual.Torch.TorchTransformerBase)[] { ("avenet", avc), ("l3", l3), ("localizer", localizer) })
        {
            var directory = Path.Combine(folder.Path, name);
            var manifest = model.ExportOnnx(directory);
            Assert.Equal(8, manifest.IrVersion);
            Assert.Equal(17, manifest.OpsetVersion);
            files.AddRange(manifest.Networks.Select(n => Path.Combine(directory, n.File)));
        }
        var report = OnnxChecker.CheckAll(files);
        output.WriteLine(report);
        Assert.Equal(7, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ManifestRecordsTheFrontEndShapesAndStandardisation()
    {
        var context = new MLContext(seed: 1);
        var frontEnd = new Microsoft.ML.AudioVisual.Spectral.AudioFrontEnd(Microsoft.ML.AudioVisual.Spectral.SpectrogramOptions.TorchAudio(), 1.0);
        using var model = context.AudioVisual().AvcEmbedding(Options(AvcArchitecture.AveNet)).Fit(ToyAudioVisual.Create(context, 80, seed: 7, frontEnd: frontEnd));
        using var folder = new TempFolder();
        model.ExportOnnx(folder.Path);
        var manifest = OnnxExportManifest.Read(folder.Path);
        Assert.Equal("AvcEmbedding", manifest.ModelKind);
        Assert.Equal("AveNet", manifest.Architecture);
        Assert.Equal(frontEnd.Options.SampleRate, manifest.AudioFrontEnd!.Options.SampleRate);
        Assert.Equal(1.0, manifest.AudioFrontEnd.ClipSeconds);
        Assert.Equal(new OnnxImageInput(1, 1, 16, 16), manifest.Image);
        Assert.Equal(model.Normalization.AudioStd, manifest.Standardisation!.AudioStd);
        var audio = manifest.Network("audio");
        Assert.Equal("Spectrogram", audio.Inputs[0].Name);
        Assert.Equal([-1L, ToyAudioVisual.Bins, ToyAudioVisual.Frames], audio.Inputs[0].Shape);
        Assert.Equal([-1L, 16], audio.Outputs[0].Shape);
        var missing = Assert.Throws<ArgumentException>(() => manifest.Network("synthesizer"));
        Assert.Contains("'audio'", missing.Message);
    }

    [Fact]
    public void DamagedFoldersAreRejectedNamingTheFile()
    {
        using var folder = new TempFolder();
        Assert.Throws<FileNotFoundException>(() => new MLContext().AudioVisual().LoadOnnxModel(folder.Path));
        File.WriteAllText(folder.File("model.json"), "{ not json");
        var damaged = Assert.Throws<InvalidDataException>(() => new MLContext().AudioVisual().LoadOnnxModel(folder.Path));
        Assert.Contains("model.json", damaged.Message);
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().AvcEmbedding(Options(AvcArchitecture.AveNet)).Fit(ToyAudioVisual.Create(context, 80, seed: 7));
        model.ExportOnnx(folder.Path);
        File.Delete(folder.File("head.onnx"));
        var missing = Assert.Throws<InvalidDataException>(() => context.AudioVisual().LoadOnnxModel(folder.Path));
        Assert.Contains("head.onnx", missing.Message);
    }

    private sealed class ClipRow
    {
        public float[] Image { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int Group { get; set; }

        public static IDataView Load(MLContext context, IEnumerable<ClipRow> rows)
        {
            var schema = SchemaDefinition.Create(typeof(ClipRow));
            schema[nameof(Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2, 1, ToyAudioVisual.ImageSide, ToyAudioVisual.ImageSide);
            schema[nameof(Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ToyAudioVisual.Bins, ToyAudioVisual.Frames);
            return context.Data.LoadFromEnumerable(rows, schema);
        }
    }
}
