using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.Transforms.Onnx;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// An exported model folder (<c>model.json</c> and one <c>.onnx</c> file per network, written by
/// <c>transformer.ExportOnnx</c> or <c>avl export onnx</c>), served through ML.NET's <c>ApplyOnnxModel</c>: each
/// network becomes an ordinary estimator. Needs no TorchSharp.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// Each network reads the columns named like its graph inputs and writes columns named like its outputs (the names the
/// trained transformer used: `Spectrogram` -> `AudioEmbedding`, `Frames` -> `VisualEmbedding`, both -> `CorrespondenceScore`;
/// `Frames` and `Spectrogram` -> `Heatmap`, `Score` for a localizer); other names are mapped with column copies.
/// Inputs are raw values (spectrograms as the recorded front-end makes them, pixels in [0, 1]): the trained
/// standardisation is inside the graphs. Outputs are `Vector<Single, 1, ...>` (ML.NET scores one row at a time).
///
/// ### GPU
/// `MLContext.GpuDeviceId` selects a CUDA device when the application references `Microsoft.ML.OnnxRuntime.Gpu`;
/// without a usable GPU the stage runs on the CPU with a logged warning, or throws when `MLContext.FallbackToCpu` is false.
/// ]]></format>
/// </remarks>
public sealed class OnnxAudioVisualModel
{
    /// <summary>The network that embeds spectrograms.</summary>
    public const string AudioNetwork = "audio";

    /// <summary>The network that embeds images or clips.</summary>
    public const string VisualNetwork = "visual";

    private readonly MLContext _context;
    private readonly ComponentLog _log;

    internal OnnxAudioVisualModel(MLContext context, string directory)
    {
        _context = context;
        _log = new ComponentLog(context, nameof(OnnxAudioVisualModel));
        Directory = Path.GetFullPath(directory);
        Manifest = OnnxExportManifest.Read(Directory);
    }

    /// <summary>The exported folder.</summary>
    public string Directory { get; }

    /// <summary>The folder's <c>model.json</c>.</summary>
    public OnnxExportManifest Manifest { get; }

    /// <summary>How spectrogram inputs are made from waveforms, when the model recorded it.</summary>
    public AudioFrontEnd? AudioFrontEnd => Manifest.AudioFrontEnd;

    /// <summary>The layout of image inputs, for models that take images.</summary>
    public OnnxImageInput? Image => Manifest.Image;

    /// <summary>The embedding length, for models that embed.</summary>
    public int EmbeddingDimension => Manifest.EmbeddingDimension ?? throw new InvalidOperationException($"The exported {Manifest.ModelKind} model makes no embeddings.");

    /// <summary>The <c>.onnx</c> file of <paramref name="network"/>.</summary>
    public string NetworkFile(string network) => Path.Combine(Directory, Manifest.Network(network).File);

    /// <summary>
    /// Applies <paramref name="network"/> with <c>ApplyOnnxModel</c>. Without column names its inputs and outputs are
    /// the columns named like the graph's; given names are matched to the graph's inputs and outputs in order.
    /// </summary>
    /// <param name="network">The network (see <see cref="OnnxExportManifest.Networks"/>).</param>
    /// <param name="outputColumnNames">Columns for the graph outputs, or null for the graph's names.</param>
    /// <param name="inputColumnNames">Columns for the graph inputs, or null for the graph's names.</param>
    /// <param name="threads">ONNX Runtime intra-op threads, or null for its default.</param>
    /// <exception cref="InvalidOperationException">A GPU was requested, none is usable, and <see cref="MLContext.FallbackToCpu"/> is false.</exception>
    public IEstimator<ITransformer> ApplyNetwork(string network, string[]? outputColumnNames = null, string[]? inputColumnNames = null, int? threads = null) =>
        Apply(network, outputColumnNames, inputColumnNames, threads, shapes: null);

    /// <summary>
    /// <paramref name="network"/> through <c>ApplyOnnxModel</c> with <paramref name="itemsPerRow"/> items in each ML.NET
    /// row: the graph-named input columns hold the items one after the other, and the output columns their results
    /// likewise. ML.NET makes one ONNX Runtime call per row, fixing a symbolic batch dimension to 1; the stage's
    /// <c>ShapeDictionary</c> fixes it to <paramref name="itemsPerRow"/> instead, so a pipeline runs batches. Used to
    /// measure batched throughput (<c>bench inference</c>).
    /// </summary>
    internal IEstimator<ITransformer> ApplyNetworkToPackedRows(string network, int itemsPerRow, int? threads = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemsPerRow, 1);
        var shapes = Manifest.Network(network).Inputs.ToDictionary(i => i.Name, i => (int[])[itemsPerRow, .. i.Shape.Skip(1).Select(d => (int)d)]);
        return Apply(network, null, null, threads, shapes);
    }

    private IEstimator<ITransformer> Apply(string network, string[]? outputColumnNames, string[]? inputColumnNames, int? threads, IDictionary<string, int[]>? shapes)
    {
        var description = Manifest.Network(network);
        var graphInputs = description.Inputs.Select(i => i.Name).ToArray();
        var graphOutputs = description.Outputs.Select(o => o.Name).ToArray();
        var inputs = Matched(inputColumnNames, graphInputs, "input", network);
        var outputs = Matched(outputColumnNames, graphOutputs, "output", network);

        int? gpu = OnnxExecutionDevice.Select(_context, _log);
        // ML.NET reads the context's GPU settings when the stage has none: a CPU fallback needs a context without them.
        var stageContext = gpu is null && _context.GpuDeviceId is not null ? new MLContext() : _context;
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var (graphName, column) in graphInputs.Zip(inputs).Where(p => p.First != p.Second))
            chain = chain.Append(_context.Transforms.CopyColumns(graphName, column));
        chain = chain.Append(stageContext.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = NetworkFile(network),
            InputColumns = graphInputs,
            OutputColumns = graphOutputs,
            GpuDeviceId = gpu,
            FallbackToCpu = _context.FallbackToCpu,
            IntraOpNumThreads = threads,
            InterOpNumThreads = threads is null ? null : 1,
            ShapeDictionary = shapes,
        }));
        foreach (var (graphName, column) in graphOutputs.Zip(outputs).Where(p => p.First != p.Second))
            chain = chain.Append(_context.Transforms.CopyColumns(column, graphName));
        return chain;
    }

    /// <summary>Audio embeddings of a spectrogram column (the <c>audio</c> network).</summary>
    /// <param name="outputColumnName">The embedding column, or null for the graph's name (<c>AudioEmbedding</c> by default).</param>
    /// <param name="inputColumnName">The spectrogram column, or null for the graph's name (<c>Spectrogram</c> by default).</param>
    /// <param name="threads">ONNX Runtime intra-op threads, or null for its default.</param>
    public IEstimator<ITransformer> AudioEmbedding(string? outputColumnName = null, string? inputColumnName = null, int? threads = null) =>
        ApplyNetwork(AudioNetwork, outputColumnName is null ? null : [outputColumnName], inputColumnName is null ? null : [inputColumnName], threads);

    /// <summary>Visual embeddings of an image or clip column (the <c>visual</c> network).</summary>
    /// <param name="outputColumnName">The embedding column, or null for the graph's name (<c>VisualEmbedding</c> by default).</param>
    /// <param name="inputColumnName">The image column, or null for the graph's name (<c>Frames</c> by default).</param>
    /// <param name="threads">ONNX Runtime intra-op threads, or null for its default.</param>
    public IEstimator<ITransformer> VisualEmbedding(string? outputColumnName = null, string? inputColumnName = null, int? threads = null) =>
        ApplyNetwork(VisualNetwork, outputColumnName is null ? null : [outputColumnName], inputColumnName is null ? null : [inputColumnName], threads);

    /// <summary>Embeds spectrograms (each <c>bins x frames</c> values, as the front-end makes them) through the <c>audio</c> network.</summary>
    public float[][] EmbedAudio(IReadOnlyList<float[]> spectrograms) => Run(AudioNetwork, spectrograms);

    /// <summary>Embeds images (each <c>C x H x W</c> values in [0, 1]) or clips through the <c>visual</c> network.</summary>
    public float[][] EmbedVisual(IReadOnlyList<float[]> visuals) => Run(VisualNetwork, visuals);

    /// <summary>
    /// Embeds single images (each <c>C x H x W</c> values in [0, 1]) through the <c>visual</c> network. A clip model
    /// takes a fixed number of frames: each image stands for all of them, which embeds as the image alone does (the
    /// frame embeddings are averaged).
    /// </summary>
    /// <exception cref="InvalidOperationException">The exported model has no image input.</exception>
    public float[][] EmbedImages(IReadOnlyList<float[]> images)
    {
        var image = Image ?? throw new InvalidOperationException($"The exported {Manifest.ModelKind} model in '{Directory}' has no image input.");
        return image.Frames == 1 ? EmbedVisual(images) : EmbedVisual(images.Select(i => Enumerable.Repeat(i, image.Frames).SelectMany(v => v).ToArray()).ToList());
    }

    /// <summary>Runs a one-input, one-output network over <paramref name="rows"/> through an ML.NET pipeline.</summary>
    private float[][] Run(string network, IReadOnlyList<float[]> rows)
    {
        var description = Manifest.Network(network);
        if (description.Inputs.Count != 1 || description.Outputs.Count != 1)
            throw new InvalidOperationException($"Network '{network}' has {description.Inputs.Count} inputs and {description.Outputs.Count} outputs; this call runs one-to-one networks.");
        var input = description.Inputs[0];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].LongLength != input.RowSize)
                throw new ArgumentException($"Item {i} has {rows[i].Length} values; network '{network}' takes {input.RowSize} ({string.Join(" x ", input.Shape.Skip(1))}).", nameof(rows));
            if (!Array.TrueForAll(rows[i], float.IsFinite)) throw new ArgumentException($"Item {i} holds NaN or infinity.", nameof(rows));
        }
        if (rows.Count == 0) return [];
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Values)].ColumnName = input.Name;
        schema[input.Name].ColumnType = new VectorDataViewType(NumberDataViewType.Single, input.Shape.Skip(1).Select(d => (int)d).ToArray());
        var data = _context.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Values = r }), schema);
        var output = ApplyNetwork(network).Fit(data).Transform(data);
        return output.GetColumn<float[]>(description.Outputs[0].Name).ToArray();
    }

    private static string[] Matched(string[]? columns, string[] graphNames, string what, string network)
    {
        if (columns is null) return graphNames;
        if (columns.Length != graphNames.Length)
            throw new ArgumentException($"Network '{network}' has {graphNames.Length} {what}s ({string.Join(", ", graphNames)}) but {columns.Length} column names were given.");
        return columns;
    }

    private sealed class VectorRow
    {
        public float[] Values { get; set; } = [];
    }
}
