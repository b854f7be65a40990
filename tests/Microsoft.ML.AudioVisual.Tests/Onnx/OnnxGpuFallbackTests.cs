using Microsoft.ML.AudioVisual.Onnx;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>
/// MLContext.GpuDeviceId on the ONNX path where no CUDA is usable (the CPU runtime package, or no GPU): with
/// FallbackToCpu the stage runs on the CPU and a warning says why; without it, building the stage fails clearly.
/// A tiny hand-written network stands in for an exported one, so these tests need no TorchSharp.
/// </summary>
public sealed class OnnxGpuFallbackTests
{
    [WithoutCudaFact]
    public void GpuRequestWithoutCudaFallsBackToTheCpuWithAWarning()
    {
        using var folder = new TempFolder();
        WriteTinyModel(folder.Path);
        var expected = Embed(new MLContext(seed: 1), folder.Path, out _);

        var warnings = new List<string>();
        var context = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        context.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        var actual = Embed(context, folder.Path, out _);

        Assert.Equal(expected, actual);
        var warning = Assert.Single(warnings, w => w.Contains("GPU 0 was requested", StringComparison.Ordinal));
        Assert.Contains("falling back to the CPU", warning);
    }

    [WithoutCudaFact]
    public void GpuRequestWithoutCudaFailsClearlyWhenFallbackIsOff()
    {
        using var folder = new TempFolder();
        WriteTinyModel(folder.Path);
        var context = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<InvalidOperationException>(() => context.AudioVisual().LoadOnnxModel(folder.Path).AudioEmbedding());
        Assert.Contains("GPU 0 was requested", error.Message);
        Assert.Contains("FallbackToCpu is false", error.Message);
    }

    [Fact]
    public void ColumnsOtherThanTheGraphNamesAreMappedByCopies()
    {
        using var folder = new TempFolder();
        WriteTinyModel(folder.Path);
        var context = new MLContext(seed: 1);
        var expected = Embed(context, folder.Path, out var data);
        var renamed = context.Transforms.CopyColumns("MySpectrogram", "Spectrogram")
            .Append(context.AudioVisual().LoadOnnxModel(folder.Path).AudioEmbedding("MyEmbedding", "MySpectrogram", threads: 1));
        var actual = renamed.Fit(data).Transform(data).GetColumn<float[]>("MyEmbedding").ToArray();
        Assert.Equal(expected, actual);
    }

    private static float[][] Embed(MLContext context, string directory, out IDataView data)
    {
        var rows = new[] { new Row { Spectrogram = [1, 2, 3, 4, 5, 6] }, new Row { Spectrogram = [-1, 0, 1, 0, 0, 0] } };
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2, 3);
        data = context.Data.LoadFromEnumerable(rows, schema);
        var embedded = context.AudioVisual().LoadOnnxModel(directory).AudioEmbedding().Fit(data).Transform(data);
        var values = embedded.GetColumn<float[]>("AudioEmbedding").ToArray();
        Assert.All(values, v => Assert.Equal(4, v.Length));
        return values;
    }

    /// <summary>A folder as the exporter writes it, with one network: Spectrogram [batch, 2, 3] -> Relu(Gemm) -> AudioEmbedding [batch, 4].</summary>
    private static void WriteTinyModel(string directory)
    {
        var graph = new OnnxGraphBuilder("audio");
        var input = graph.Input("Spectrogram", OnnxGraphBuilder.Batch, 2, 3);
        var flat = graph.Node("Flatten", [input], OnnxAttribute.Of("axis", 1L));
        var weights = graph.Weight("fc.weight", Enumerable.Range(0, 24).Select(i => (i % 5 - 2) / 4f).ToArray(), 4, 6);
        var bias = graph.Weight("fc.bias", [0.5f, -0.5f, 0.25f, 0f], 4);
        graph.Output(graph.Node("Relu", [graph.Node("Gemm", [flat, weights, bias], OnnxAttribute.Of("transB", 1L))]), "AudioEmbedding", OnnxGraphBuilder.Batch, 4);
        OnnxModelWriter.Write(graph.Build("tiny"), Path.Combine(directory, "audio.onnx"));
        new OnnxExportManifest
        {
            ModelKind = "Tiny",
            IrVersion = OnnxModelWriter.IrVersion,
            OpsetVersion = OnnxModelWriter.OpsetVersion,
            EmbeddingDimension = 4,
            Networks = [new OnnxNetworkDescription("audio", "audio.onnx", "tiny", [new("Spectrogram", [-1, 2, 3], "input")], [new("AudioEmbedding", [-1, 4], "output")])],
        }.Write(directory);
    }

    private sealed class Row
    {
        public float[] Spectrogram { get; set; } = [];
    }
}

/// <summary>A fact that skips where ONNX Runtime has CUDA (the GPU runtime package): the CPU fallback cannot be observed there.</summary>
public sealed class WithoutCudaFactAttribute : FactAttribute
{
    public WithoutCudaFactAttribute()
    {
        if (OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            Skip = "ONNX Runtime has the CUDA provider here; these tests observe the fallback of a CPU-only runtime";
    }
}
