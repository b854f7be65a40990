using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Models;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Learns audio and visual embeddings from audio-visual correspondence alone (L3-Net, AVE-Net): is this
/// frame and this sound from the same source? No labels are used.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Image` | Vector&lt;Single, C, H, W&gt; or Vector&lt;Single, T, C, H, W&gt; | a frame (or T frames: training samples one, inference averages their embeddings) |
/// | `Spectrogram` | Vector&lt;Single, F, T&gt; | the sound around the frame, e.g. from `LogMelSpectrogram` |
/// | group (optional) | scalar | source id (video); negatives never come from the same group |
/// | `VisualEmbedding` | Vector&lt;Single, D&gt; | made when the input has the image column |
/// | `AudioEmbedding` | Vector&lt;Single, D&gt; | made when the input has the spectrogram column (audio-only data gets audio embeddings alone) |
/// | `CorrespondenceScore` | Single | probability that the row's image and sound correspond (both inputs present) |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (self-supervised) |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual.TorchSharp and a libtorch backend |
/// | Device | CUDA when `MLContext.GpuDeviceId` is set and available, else CPU (or an error when `FallbackToCpu` is false) |
///
/// Training reads the input columns into memory once. Results repeat exactly for the same seed and thread count.
/// ]]></format>
/// </remarks>
public sealed class AvcEmbeddingEstimator : IEstimator<AvcEmbeddingTransformer>
{
    private readonly MLContext _context;
    private readonly AvcEmbeddingOptions _options;
    private readonly ComponentLog _log;

    internal AvcEmbeddingEstimator(MLContext context, AvcEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options.Clone();
        _log = new ComponentLog(context, "AvcEmbedding");
    }

    /// <summary>Trains the network on the rows of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidDataException">An input value is NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token fired.</exception>
    public AvcEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options.Clone();
        options.RecordFrontEnd(input.Schema);
        var fitted = CorrespondenceFitting.Fit(_context, options, _log, input, shapes => AvcNetworkFactory.Create(options, shapes.Channels));
        return new AvcEmbeddingTransformer(options, fitted.Shapes, fitted.Normalization, fitted.Network, fitted.Device, fitted.Summary);
    }

    /// <summary>The input shape plus the embedding (and score) columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, AvcInputShapes.VisualExpectation);
        SchemaErrors.RequireFloatVector(inputSchema, _options.AudioColumnName, AvcInputShapes.AudioExpectation);
        if (_options.GroupColumnName is string group) SchemaErrors.Require(inputSchema, group);
        int dim = _options.Architecture == AvcArchitecture.AveNet ? _options.EmbeddingDimension : _options.Tower.OutputChannels;
        var embedding = new VectorDataViewType(NumberDataViewType.Single, dim);
        var outputs = new List<DataViewSchema.DetachedColumn>
        {
            new(_options.VisualEmbeddingColumnName, embedding),
            new(_options.AudioEmbeddingColumnName, embedding),
        };
        if (_options.ScoreColumnName is string score) outputs.Add(new(score, NumberDataViewType.Single));
        return SchemaShapeFactory.Append(inputSchema, outputs);
    }
}
