using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// A trained audio-visual correspondence model. Adds <c>AudioEmbedding</c> when the input has the
/// spectrogram column, <c>VisualEmbedding</c> when it has the image column, and <c>CorrespondenceScore</c>
/// (probability that the row's image and sound belong together) when it has both. Inference is batched:
/// one forward pass per <see cref="TrainingOptionsBase.InferenceBatchSize"/> rows.
/// Owns native memory: dispose it.
/// </summary>
public sealed class AvcEmbeddingTransformer : TorchTransformerBase
{
    internal const string ModelKindName = "AvcEmbedding";

    private readonly AvcEmbeddingOptions _options;
    private readonly AvcNetwork _network;
    private readonly AvcInferenceEngine _engine;

    internal AvcEmbeddingTransformer(AvcEmbeddingOptions options, AvcInputShapes shapes, InputNormalization normalization, AudioFrontEnd? frontEnd,
        AvcNetwork network, Device device, TrainingSummary? summary) : base(network, device, summary)
    {
        _options = options.Clone();
        _network = network;
        Shapes = shapes;
        Normalization = normalization;
        AudioFrontEnd = frontEnd;
        _engine = new AvcInferenceEngine(network, Inference, shapes, normalization);
    }

    /// <summary>The input shapes the model was trained on.</summary>
    public AvcInputShapes Shapes { get; }

    /// <summary>The input standardisation fitted on the training rows.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>
    /// How the spectrograms it was trained on were made from waveforms (recorded from the spectrogram column
    /// when a <c>LogMelSpectrogram</c> stage or a data set made it), or null when unknown; tools such as
    /// <c>avl embed</c> need it to turn raw audio into the model's input.
    /// </summary>
    public AudioFrontEnd? AudioFrontEnd { get; }

    /// <summary>A copy of the options the model was trained with.</summary>
    public AvcEmbeddingOptions Options => _options.Clone();

    /// <summary>Embedding length.</summary>
    public int EmbeddingDimension => _network.EmbeddingDimension;

    internal AvcNetwork Network
    {
        get
        {
            ThrowIfDisposed();
            return _network;
        }
    }

    internal AvcInferenceEngine Engine => _engine;

    internal override string ModelKind => ModelKindName;

    private protected override object SavedOptions => _options;

    /// <summary>Embeds spectrograms (each <c>F x T</c> values), in batches.</summary>
    public float[][] EmbedAudio(IReadOnlyList<float[]> spectrograms) =>
        RunBatched(spectrograms.Count, (start, count, output) =>
            _engine.Run([], 1, TensorStaging.Flatten(spectrograms, start, count, Shapes.AudioSize, "spectrogram"), count, [], output, []));

    /// <summary>Embeds images (each <c>C x H x W</c> values) or clips (<c>T x C x H x W</c>), in batches.</summary>
    public float[][] EmbedVisual(IReadOnlyList<float[]> visuals)
    {
        int frames = visuals.Count == 0 ? 1 : visuals[0].Length / Shapes.ImageSize;
        return RunBatched(visuals.Count, (start, count, output) =>
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
        int dim = EmbeddingDimension;
        var scores = new float[visualEmbeddings.Count];
        if (scores.Length > 0)
            _engine.ScoreEmbeddings(TensorStaging.Flatten(visualEmbeddings, 0, scores.Length, dim, "visual embedding"),
                TensorStaging.Flatten(audioEmbeddings, 0, scores.Length, dim, "audio embedding"), scores.Length, scores);
        return scores;
    }

    private delegate void BatchAction(int start, int count, Span<float> output);

    private float[][] RunBatched(int total, BatchAction run)
    {
        int dim = EmbeddingDimension;
        var flat = new float[total * dim];
        for (int start = 0; start < total; start += _options.InferenceBatchSize)
        {
            int count = Math.Min(_options.InferenceBatchSize, total - start);
            run(start, count, flat.AsSpan(start * dim, count * dim));
        }
        return Enumerable.Range(0, total).Select(i => flat.AsSpan(i * dim, dim).ToArray()).ToArray();
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
        return new AvcEmbeddingTransformer(_options, Shapes, Normalization, AudioFrontEnd, network, CPU, null);
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new AvcEmbeddingMapper(this, inputSchema);
    }

    private protected override void SaveFamilyContents(ModelArchiveWriter writer)
    {
        writer.SetObject("shapes", Shapes);
        writer.SetObject("normalization", Normalization);
        writer.SetObject("audioFrontEnd", AudioFrontEnd);
    }

    internal static AvcEmbeddingTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<AvcEmbeddingOptions>("options");
        var shapes = reader.GetObject<AvcInputShapes>("shapes");
        var normalization = reader.GetObject<InputNormalization>("normalization");
        var (network, device) = LoadNetwork(context, reader, ModelKindName, () => AvcNetworkFactory.Create(options, shapes.Channels));
        return new AvcEmbeddingTransformer(options, shapes, normalization, SavedFrontEnd.Read(reader), network, device, null);
    }
}
