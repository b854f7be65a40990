using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>
/// A trained AVOL-Net: adds <c>Heatmap</c> (<c>Vector&lt;Single, h, w&gt;</c>), <c>Score</c> and <c>PeakCell</c>
/// for rows with an image and a spectrogram. Fully convolutional: images of any size (with the trained
/// channel count) are accepted, the grid follows the size. Batched inference; owns native memory.
/// </summary>
public sealed class SoundLocalizerTransformer : TorchTransformerBase
{
    internal const string ModelKindName = "SoundLocalizer";

    private readonly SoundLocalizerOptions _options;
    private readonly AvolNet _network;
    private readonly LocalizerInferenceEngine _engine;

    internal SoundLocalizerTransformer(SoundLocalizerOptions options, AvcInputShapes shapes, InputNormalization normalization, AudioFrontEnd? frontEnd,
        AvolNet network, Device device, TrainingSummary? summary) : base(network, device, summary)
    {
        _options = options.Clone();
        _options.StartFrom = null;
        _network = network;
        Shapes = shapes;
        Normalization = normalization;
        AudioFrontEnd = frontEnd;
        _engine = new LocalizerInferenceEngine(network, Inference, normalization);
    }

    /// <summary>The input shapes the model was trained on.</summary>
    public AvcInputShapes Shapes { get; }

    /// <summary>The input standardisation.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>How its spectrograms are made from waveforms, or null when unknown (see <see cref="AvcEmbeddingTransformer.AudioFrontEnd"/>).</summary>
    public AudioFrontEnd? AudioFrontEnd { get; }

    /// <summary>A copy of the options.</summary>
    public SoundLocalizerOptions Options => _options.Clone();

    internal LocalizerInferenceEngine Engine => _engine;

    internal AvolNet Network
    {
        get
        {
            ThrowIfDisposed();
            return _network;
        }
    }

    internal override string ModelKind => ModelKindName;

    private protected override object SavedOptions => _options;

    /// <summary>The heat-map grid for an image of the given size.</summary>
    public (int Height, int Width) GridSize(int imageHeight, int imageWidth) => _network.Tower.OutputSize(imageHeight, imageWidth);

    /// <summary>Localises each sound in its image; images are <c>[C, H, W]</c> of one size, spectrograms <c>[F, T]</c>.</summary>
    public IReadOnlyList<LocalizationResult> Localize(IReadOnlyList<float[]> images, int imageHeight, int imageWidth, IReadOnlyList<float[]> spectrograms)
    {
        ThrowIfDisposed();
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
            throw new ArgumentOutOfRangeException(nameof(imageHeight), $"Images of {imageWidth}x{imageHeight} are too small for this network's {_network.Tower.Widths.Length - 1} pooling steps.");
        return (h, w);
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new SoundLocalizerMapper(this, inputSchema);
    }

    private protected override void SaveFamilyContents(ModelArchiveWriter writer)
    {
        writer.SetObject("shapes", Shapes);
        writer.SetObject("normalization", Normalization);
        writer.SetObject("audioFrontEnd", AudioFrontEnd);
    }

    internal static SoundLocalizerTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<SoundLocalizerOptions>("options");
        var shapes = reader.GetObject<AvcInputShapes>("shapes");
        var normalization = reader.GetObject<InputNormalization>("normalization");
        var (network, device) = LoadNetwork(context, reader, ModelKindName,
            () => new AvolNet(shapes.Channels, options.Tower, options.EmbeddingDimension, options.HiddenDimension));
        return new SoundLocalizerTransformer(options, shapes, normalization, SavedFrontEnd.Read(reader), network, device, null);
    }
}
