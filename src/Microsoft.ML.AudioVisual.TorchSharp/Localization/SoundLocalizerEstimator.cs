using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>
/// Learns where in an image a sound comes from (AVOL-Net), from correspondence alone: no location labels.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Image` | Vector&lt;Single, C, H, W&gt; | the picture (any size at inference) |
/// | `Spectrogram` | Vector&lt;Single, F, T&gt; | the sound |
/// | group (optional) | scalar | source id; negatives never come from the same group |
/// | `Heatmap` | Vector&lt;Single, h, w&gt; | per cell, the probability that the sound comes from there |
/// | `Score` | Single | probability that the sound belongs to the image (the map's maximum) |
/// | `PeakCell` | Vector&lt;Int32, 2&gt; | (row, column) of the most likely cell |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (self-supervised, multiple-instance learning) |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual.TorchSharp and a libtorch backend |
///
/// Same pair sampling, training loop, device, seed, checkpoint and cancellation rules as AvcEmbedding.
/// Start from a trained AVE-Net (<see cref="SoundLocalizerOptions.StartFrom"/>).
/// ]]></format>
/// </remarks>
public sealed class SoundLocalizerEstimator : IEstimator<SoundLocalizerTransformer>
{
    private readonly MLContext _context;
    private readonly SoundLocalizerOptions _options;
    private readonly ComponentLog _log;

    internal SoundLocalizerEstimator(MLContext context, SoundLocalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options.Clone();
        if (_options.StartFrom is { } source)
        {
            var s = source.Options;
            _options.Tower = s.Tower;
            _options.EmbeddingDimension = s.EmbeddingDimension;
            _options.HiddenDimension = s.HiddenDimension;
        }
        _log = new ComponentLog(context, "SoundLocalizer");
    }

    /// <summary>Trains the localizer on the rows of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, has the wrong type, or does not fit the start model.</exception>
    public SoundLocalizerTransformer Fit(IDataView input)
    {
        var data = AvcExampleSet.Read(input, _options);
        var source = _options.StartFrom;
        var frontEnd = AudioFrontEndAnnotation.Read(input.Schema[_options.AudioColumnName]) ?? source?.AudioFrontEnd;
        var shapes = data.Shapes;
        AveNet? start = null;
        if (source is not null)
        {
            if (shapes.Channels != source.Shapes.Channels || shapes.AudioBins != source.Shapes.AudioBins || shapes.AudioFrames != source.Shapes.AudioFrames)
                throw new ArgumentOutOfRangeException(nameof(input),
                    $"The start model takes {source.Shapes.Channels}-channel images and {source.Shapes.AudioDescription} spectrograms; the data has {shapes.Channels} channels and Vector<Single, {shapes.AudioBins}, {shapes.AudioFrames}>.");
            start = source.Network as AveNet ?? throw new ArgumentOutOfRangeException(nameof(input), "The start model must be an AVE-Net.");
        }
        var normalization = source?.Normalization ?? data.FitNormalization();
        var fitted = TorchFitting.Fit(_context, _options, _log,
            () =>
            {
                var network = new AvolNet(shapes.Channels, _options.Tower, _options.EmbeddingDimension, _options.HiddenDimension);
                if (start is not null) network.InitializeFrom(start);
                return network;
            },
            (network, device, seed) => new CorrespondenceTask(network, data, normalization, _options, device, seed, _log, frontEnd,
                trainable: _options.FreezeAudio && start is not null ? network.VisualParameters : null));
        return new SoundLocalizerTransformer(_options, shapes, normalization, frontEnd, fitted.Network, fitted.Device, fitted.Summary);
    }

    /// <summary>The input shape plus the heat map, score and peak columns (the grid follows the image size).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, SoundLocalizerMapper.VisualExpectation);
        SchemaErrors.RequireFloatVector(inputSchema, _options.AudioColumnName, AvcInputShapes.AudioExpectation);
        if (_options.GroupColumnName is string group) SchemaErrors.Require(inputSchema, group);
        // The grid size is known only with the image size; a shape carries no dimensions, so any known-size vector is promised.
        return SchemaShapeFactory.Append(inputSchema,
        [
            new(_options.HeatmapColumnName, new VectorDataViewType(NumberDataViewType.Single, 1, 1)),
            new(_options.ScoreColumnName, NumberDataViewType.Single),
            new(_options.PeakCellColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
        ]);
    }
}
