using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Models;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// A trained AVOL-Net: adds <c>Heatmap</c> (<c>Vector&lt;Single, h, w&gt;</c>), <c>Score</c> and <c>PeakCell</c>
/// for rows with an image and a spectrogram. Fully convolutional: images of any size (with the trained
/// channel count) are accepted, the grid follows the size. Batched inference; owns native memory.
/// </summary>
public sealed class SoundLocalizerTransformer : AudioVisualTransformerBase, IDisposable
{
    private readonly SoundLocalizerOptions _options;
    private readonly AvolNet _model;
    private readonly LocalizerInferenceEngine _engine;
    private bool _disposed;

    internal SoundLocalizerTransformer(SoundLocalizerOptions options, AvcInputShapes shapes, InputNormalization normalization,
        AvolNet model, Device device, TrainingSummary? summary)
    {
        _options = options.Clone();
        _options.StartFrom = null;
        _model = model;
        Shapes = shapes;
        Normalization = normalization;
        TrainingSummary = summary;
        _engine = new LocalizerInferenceEngine(model, device, normalization);
    }

    /// <summary>The input shapes the model was trained on.</summary>
    public AvcInputShapes Shapes { get; }

    /// <summary>The input standardisation.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>What training did (null for a loaded model).</summary>
    public TrainingSummary? TrainingSummary { get; }

    /// <summary>A copy of the options.</summary>
    public SoundLocalizerOptions Options => _options.Clone();

    internal AvolNet Network => _model;

    internal const string ModelKindName = "SoundLocalizer";

    internal override string ModelKind => ModelKindName;

    /// <summary>The heat-map grid for an image of the given size.</summary>
    public (int Height, int Width) GridSize(int imageHeight, int imageWidth) => _model.Tower.OutputSize(imageHeight, imageWidth);

    /// <summary>Localises each sound in its image; images are <c>[C, H, W]</c> of one size, spectrograms <c>[F, T]</c>.</summary>
    public IReadOnlyList<LocalizationResult> Localize(IReadOnlyList<float[]> images, int imageHeight, int imageWidth, IReadOnlyList<float[]> spectrograms)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (images.Count != spectrograms.Count) throw new ArgumentException($"{images.Count} images but {spectrograms.Count} spectrograms.", nameof(spectrograms));
        var (h, w) = CheckedGrid(imageHeight, imageWidth);
        int imageSize = Shapes.Channels * imageHeight * imageWidth;
        var results = new List<LocalizationResult>(images.Count);
        for (int start = 0; start < images.Count; start += _options.InferenceBatchSize)
        {
            int count = Math.Min(_options.InferenceBatchSize, images.Count - start);
            var maps = new float[count * h * w];
            var scores = new float[count];
            _engine.Run(TensorStaging.Flatten(images, start, count, imageSize, "image"), (Shapes.Channels, imageHeight, imageWidth),
                TensorStaging.Flatten(spectrograms, start, count, Shapes.AudioSize, "spectrogram"), (Shapes.AudioBins, Shapes.AudioFrames), count, maps, scores);
            for (int i = 0; i < count; i++)
            {
                var map = maps.AsSpan(i * h * w, h * w).ToArray();
                var (row, column) = LocalizationResult.Peak(map, w);
                results.Add(new LocalizationResult(map, h, w, scores[i], row, column));
            }
        }
        return results;
    }

    internal (int Height, int Width) CheckedGrid(int imageHeight, int imageWidth)
    {
        var (h, w) = GridSize(imageHeight, imageWidth);
        if (h < 1 || w < 1)
            throw new ArgumentOutOfRangeException(nameof(imageHeight), $"Images of {imageWidth}x{imageHeight} are too small for this network's {_model.Tower.Widths.Length - 1} pooling steps.");
        return (h, w);
    }

    internal LocalizerInferenceEngine Engine => _engine;

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SoundLocalizerMapper(this, inputSchema);
    }

    private protected override void SaveContents(ModelArchiveWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        NetworkArchive.Save(writer, _options, Shapes, Normalization, TrainingSummary, _model);
    }

    internal static SoundLocalizerTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var (options, shapes, normalization, network, device) = NetworkArchive.Load<SoundLocalizerOptions, AvolNet>(context, reader, "SoundLocalizer",
            (o, s) => new AvolNet(s.Channels, o.Tower, o.EmbeddingDimension, o.HiddenDimension));
        return new SoundLocalizerTransformer(options, shapes, normalization, network, device, null);
    }

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _model.Dispose();
    }
}
