using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Models;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// A trained audio-visual correspondence model. Adds <c>AudioEmbedding</c> when the input has the
/// spectrogram column, <c>VisualEmbedding</c> when it has the image column, and <c>CorrespondenceScore</c>
/// (probability that the row's image and sound belong together) when it has both. Inference is batched:
/// one forward pass per <see cref="CorrespondenceTrainingOptions.InferenceBatchSize"/> rows.
/// Owns native memory: dispose it.
/// </summary>
public sealed class AvcEmbeddingTransformer : AudioVisualTransformerBase, IDisposable
{
    private readonly AvcEmbeddingOptions _options;
    private readonly AvcNetwork _model;
    private readonly AvcInferenceEngine _engine;
    private bool _disposed;

    internal AvcEmbeddingTransformer(AvcEmbeddingOptions options, AvcInputShapes shapes, InputNormalization normalization,
        AvcNetwork model, Device device, TrainingSummary? summary)
    {
        _options = options.Clone();
        _model = model;
        Shapes = shapes;
        Normalization = normalization;
        TrainingSummary = summary;
        _engine = new AvcInferenceEngine(model, device, shapes, normalization);
    }

    /// <summary>The input shapes the model was trained on.</summary>
    public AvcInputShapes Shapes { get; }

    /// <summary>The input standardisation fitted on the training rows.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>What training did (null for a loaded model).</summary>
    public TrainingSummary? TrainingSummary { get; }

    /// <summary>A copy of the options the model was trained with.</summary>
    public AvcEmbeddingOptions Options => _options.Clone();

    /// <summary>Embedding length.</summary>
    public int EmbeddingDimension => _engine.EmbeddingDimension;

    internal AvcNetwork Network => _model;

    internal const string ModelKindName = "AvcEmbedding";

    internal override string ModelKind => ModelKindName;

    /// <summary>Embeds spectrograms (each <c>F x T</c> values), in batches.</summary>
    public float[][] EmbedAudio(IReadOnlyList<float[]> spectrograms) =>
        RunBatched(spectrograms.Count, Shapes.AudioSize, (start, count, output) =>
            _engine.Run([], 1, TensorStaging.Flatten(spectrograms, start, count, Shapes.AudioSize, "spectrogram"), count, [], output, []));

    /// <summary>Embeds images (each <c>C x H x W</c> values) or clips (<c>T x C x H x W</c>), in batches.</summary>
    public float[][] EmbedVisual(IReadOnlyList<float[]> visuals)
    {
        int frames = visuals.Count == 0 ? 1 : visuals[0].Length / Shapes.ImageSize;
        return RunBatched(visuals.Count, frames * Shapes.ImageSize, (start, count, output) =>
            _engine.Run(TensorStaging.Flatten(visuals, start, count, frames * Shapes.ImageSize, "image"), frames, [], count, output, [], []));
    }

    /// <summary>The probability that each image (or clip) and spectrogram pair corresponds.</summary>
    public float[] ScoreCorrespondence(IReadOnlyList<float[]> visuals, IReadOnlyList<float[]> spectrograms)
    {
        if (visuals.Count != spectrograms.Count) throw new ArgumentException($"{visuals.Count} images but {spectrograms.Count} spectrograms.", nameof(spectrograms));
        int frames = visuals.Count == 0 ? 1 : visuals[0].Length / Shapes.ImageSize;
        var scores = new float[visuals.Count];
        for (int start = 0; start < visuals.Count; start += _options.InferenceBatchSize)
        {
            ThrowIfDisposed();
            int count = Math.Min(_options.InferenceBatchSize, visuals.Count - start);
            _engine.Run(TensorStaging.Flatten(visuals, start, count, frames * Shapes.ImageSize, "image"), frames,
                TensorStaging.Flatten(spectrograms, start, count, Shapes.AudioSize, "spectrogram"), count, [], [], scores.AsSpan(start, count));
        }
        return scores;
    }

    /// <summary>
    /// The probability that each (visual embedding, audio embedding) pair corresponds, from embeddings made by
    /// <see cref="EmbedVisual"/> and <see cref="EmbedAudio"/>: only the correspondence head runs, not the towers.
    /// </summary>
    public float[] ScoreEmbeddings(IReadOnlyList<float[]> visualEmbeddings, IReadOnlyList<float[]> audioEmbeddings)
    {
        if (visualEmbeddings.Count != audioEmbeddings.Count)
            throw new ArgumentException($"{visualEmbeddings.Count} visual but {audioEmbeddings.Count} audio embeddings.", nameof(audioEmbeddings));
        ThrowIfDisposed();
        int dim = EmbeddingDimension;
        var scores = new float[visualEmbeddings.Count];
        if (scores.Length > 0)
            _engine.ScoreEmbeddings(TensorStaging.Flatten(visualEmbeddings, 0, scores.Length, dim, "visual embedding"),
                TensorStaging.Flatten(audioEmbeddings, 0, scores.Length, dim, "audio embedding"), scores.Length, scores);
        return scores;
    }

    private delegate void BatchAction(int start, int count, Span<float> output);

    private float[][] RunBatched(int total, int inputSize, BatchAction run)
    {
        int dim = EmbeddingDimension;
        var flat = new float[total * dim];
        for (int start = 0; start < total; start += _options.InferenceBatchSize)
        {
            ThrowIfDisposed();
            int count = Math.Min(_options.InferenceBatchSize, total - start);
            run(start, count, flat.AsSpan(start * dim, count * dim));
        }
        return Enumerable.Range(0, total).Select(i => flat.AsSpan(i * dim, dim).ToArray()).ToArray();
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new AvcEmbeddingMapper(this, inputSchema);
    }

    internal AvcInferenceEngine Engine => _engine;

    private protected override void SaveContents(ModelArchiveWriter writer)
    {
        ThrowIfDisposed();
        NetworkArchive.Save(writer, _options, Shapes, Normalization, TrainingSummary, _model);
    }

    internal static AvcEmbeddingTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var (options, shapes, normalization, network, device) = NetworkArchive.Load<AvcEmbeddingOptions, AvcNetwork>(context, reader, "AvcEmbedding",
            (o, s) => AvcNetworkFactory.Create(o, s.Channels));
        return new AvcEmbeddingTransformer(options, shapes, normalization, network, device, null);
    }

    /// <summary>
    /// The same architecture, input shapes and standardisation with freshly initialised weights (seeded): the
    /// "random network" baseline of evaluations. The caller disposes it.
    /// </summary>
    public AvcEmbeddingTransformer WithRandomWeights(int seed)
    {
        ThrowIfDisposed();
        manual_seed(seed);
        var network = AvcNetworkFactory.Create(_options, Shapes.Channels);
        network.eval();
        return new AvcEmbeddingTransformer(_options, Shapes, Normalization, network, CPU, null);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _model.Dispose();
    }
}
