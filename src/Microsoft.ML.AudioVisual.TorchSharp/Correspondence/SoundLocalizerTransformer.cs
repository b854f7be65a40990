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
    private const string WeightsEntry = "weights.bin";

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

    private protected override string Kind => "SoundLocalizer";

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
            _engine.Run(Flatten(images, start, count, imageSize, "image"), (Shapes.Channels, imageHeight, imageWidth),
                Flatten(spectrograms, start, count, Shapes.AudioSize, "spectrogram"), (Shapes.AudioBins, Shapes.AudioFrames), count, maps, scores);
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

    internal static float[] Flatten(IReadOnlyList<float[]> rows, int start, int count, int size, string what)
    {
        var flat = new float[count * size];
        for (int i = 0; i < count; i++)
        {
            var row = rows[start + i];
            if (row.Length != size) throw new ArgumentException($"The {what} of item {start + i} has {row.Length} values; {size} are expected.");
            if (!Array.TrueForAll(row, float.IsFinite)) throw new ArgumentException($"The {what} of item {start + i} holds NaN or infinity.");
            row.CopyTo(flat, i * size);
        }
        return flat;
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
        writer.SetObject("options", _options);
        writer.SetObject("shapes", Shapes);
        writer.SetObject("normalization", Normalization);
        writer.SetObject("training", TrainingSummary);
        writer.AddEntry(WeightsEntry, stream =>
        {
            using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            _model.save(w);
        });
    }

    internal static SoundLocalizerTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<SoundLocalizerOptions>("options");
        var shapes = reader.GetObject<AvcInputShapes>("shapes");
        var normalization = reader.GetObject<InputNormalization>("normalization");
        var weights = reader.ReadEntry(WeightsEntry);
        var model = new AvolNet(shapes.Channels, options.Tower, options.EmbeddingDimension, options.HiddenDimension);
        try
        {
            using (var r = new BinaryReader(new MemoryStream(weights)))
                model.load(r);
            var device = TorchDevices.Select(context, new ComponentLog(context, "SoundLocalizer"));
            model.to(device);
            model.eval();
            return new SoundLocalizerTransformer(options, shapes, normalization, model, device, null);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            model.Dispose();
            throw new InvalidDataException($"the weights do not fit an AVOL-Net of these options ({e.Message})", e);
        }
    }

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _model.Dispose();
    }
}
