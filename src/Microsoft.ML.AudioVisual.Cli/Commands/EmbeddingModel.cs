using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Onnx;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>
/// What <c>avl embed</c> needs of a model, from either a trained AvcEmbedding file (TorchSharp) or a folder exported
/// with <c>avl export onnx</c> (ONNX Runtime through ML.NET's ApplyOnnxModel).
/// </summary>
internal sealed class EmbeddingModel : IDisposable
{
    private readonly Func<IReadOnlyList<float[]>, float[][]> _embedAudio;
    private readonly Func<IReadOnlyList<float[]>, float[][]> _embedImages;
    private readonly IDisposable? _owner;

    private EmbeddingModel(AudioFrontEnd? frontEnd, int channels, int height, int width, int dimension,
        Func<IReadOnlyList<float[]>, float[][]> embedAudio, Func<IReadOnlyList<float[]>, float[][]> embedImages, IDisposable? owner)
    {
        FrontEnd = frontEnd;
        Channels = channels;
        Height = height;
        Width = width;
        Dimension = dimension;
        _embedAudio = embedAudio;
        _embedImages = embedImages;
        _owner = owner;
    }

    public AudioFrontEnd? FrontEnd { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Dimension { get; }

    public float[][] EmbedAudio(IReadOnlyList<float[]> spectrograms) => _embedAudio(spectrograms);

    /// <summary>Embeds single images <c>[C, H, W]</c>.</summary>
    public float[][] EmbedImages(IReadOnlyList<float[]> images) => _embedImages(images);

    public static EmbeddingModel Open(MLContext context, string path)
    {
        if (OnnxExportManifest.IsExportFolder(path))
        {
            var served = context.AudioVisual().LoadOnnxModel(path);
            var image = served.Image ?? throw new CliUsageException($"'{path}' holds an exported {served.Manifest.ModelKind} model, which has no image input.");
            return new(served.AudioFrontEnd, image.Channels, image.Height, image.Width, served.EmbeddingDimension, served.EmbedAudio, served.EmbedImages, null);
        }
        var transformer = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(path);
        var shapes = transformer.Shapes;
        return new(transformer.AudioFrontEnd, shapes.Channels, shapes.Height, shapes.Width, transformer.EmbeddingDimension,
            transformer.EmbedAudio, transformer.EmbedVisual, transformer);
    }

    public void Dispose() => _owner?.Dispose();
}
