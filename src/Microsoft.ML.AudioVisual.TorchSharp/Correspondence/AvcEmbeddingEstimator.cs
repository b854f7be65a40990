using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Training;

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
/// | `Frames` | Vector&lt;Single, C, H, W&gt; or Vector&lt;Single, T, C, H, W&gt; | a frame (or T frames: training samples one, inference averages their embeddings); `LoadVideoFrames`' output |
/// | `Spectrogram` | Vector&lt;Single, F, T&gt; | the sound around the frame, e.g. from `LogMelSpectrogram` (whose settings the model records) |
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
/// Training reads the input columns into memory once, then draws fresh pairs with augmentation every epoch.
/// Results repeat exactly for the same seed and thread count. Reading the output computes the upstream
/// pipeline (media decoding included) again on every pass: trainers that pass over the data several times
/// want `AppendCacheCheckpoint` after this step.
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
        var data = AvcExampleSet.Read(input, _options);
        var frontEnd = AudioFrontEndAnnotation.Read(input.Schema[_options.AudioColumnName]);
        var normalization = data.FitNormalization();
        var fitted = TorchFitting.Fit(_context, _options, _log, () => AvcNetworkFactory.Create(_options, data.Shapes.Channels),
            (network, device, seed) => new CorrespondenceTask(network, data, normalization, _options, device, seed, _log, frontEnd));
        return new AvcEmbeddingTransformer(_options, data.Shapes, normalization, frontEnd, fitted.Network, fitted.Device, fitted.Summary);
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
