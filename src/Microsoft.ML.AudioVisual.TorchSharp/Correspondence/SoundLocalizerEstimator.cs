using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Models;

namespace Microsoft.ML.AudioVisual.Correspondence;

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
    public SoundLocalizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options.Clone();
        options.RecordFrontEnd(input.Schema);
        var source = options.StartFrom;
        if (source is not null && options.AudioFrontEnd is null)
        {
            options.AudioFrontEnd = source.Options.AudioFrontEnd;
            options.AudioClipSeconds ??= source.Options.AudioClipSeconds;
        }
        if (source is not null)
        {
            var shapes = AvcInputShapes.FromSchema(input.Schema, options.VisualColumnName, options.AudioColumnName);
            if (shapes.Channels != source.Shapes.Channels || shapes.AudioBins != source.Shapes.AudioBins || shapes.AudioFrames != source.Shapes.AudioFrames)
                throw new ArgumentOutOfRangeException(nameof(input),
                    $"The start model takes {source.Shapes.Channels}-channel images and {source.Shapes.AudioDescription} spectrograms; the data has {shapes.Channels} channels and Vector<Single, {shapes.AudioBins}, {shapes.AudioFrames}>.");
        }
        var fitted = CorrespondenceFitting.Fit(_context, options, _log, input, shapes =>
        {
            var network = new AvolNet(shapes.Channels, options.Tower, options.EmbeddingDimension, options.HiddenDimension);
            if (source is not null) network.InitializeFrom((AveNet)source.Network);
            return network;
        }, normalization: source?.Normalization);
        return new SoundLocalizerTransformer(options, fitted.Shapes, fitted.Normalization, fitted.Network, fitted.Device, fitted.Summary);
    }

    /// <summary>The input shape plus the heat map, score and peak columns (the grid follows the image size).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, "Vector<Single, C, H, W>");
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
