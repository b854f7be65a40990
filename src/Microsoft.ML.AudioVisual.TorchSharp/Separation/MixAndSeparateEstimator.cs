using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Learns to separate each sound of a mixture by looking at its source: Sound of Pixels' mix-and-separate
/// (Zhao et al., ECCV 2018). Training mixes the audio of rows of different groups; the mixing makes the supervision.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Training columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Audio` | Vector&lt;Single&gt; | one source's waveform at the front-end's rate (any length) |
/// | `Image` | Vector&lt;Single, C, H, W&gt; or Vector&lt;Single, T, C, H, W&gt; | the picture (or frames) of the source, C = 1 or 3 |
/// | group (optional) | scalar | class or video id: sources of one group are never mixed; visuals are drawn within the group |
///
/// ### Inference columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Mixture` | Vector&lt;Single&gt; | the mixture waveform |
/// | `Image0`, `Image1`, ... | as `Image` | one picture per source |
/// | `Separated0`, ... | Vector&lt;Single&gt; | the separated waveforms, the mixture's length |
/// | `Separated0Mask`, ... (on request) | Vector&lt;Single, F, T&gt; | the predicted masks, log-frequency, before any threshold |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (self-supervised) |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual.TorchSharp and a libtorch backend |
/// ]]></format>
/// </remarks>
public sealed class MixAndSeparateEstimator : IEstimator<MixAndSeparateTransformer>
{
    private readonly MLContext _context;
    private readonly MixAndSeparateOptions _options;
    private readonly ComponentLog _log;

    internal MixAndSeparateEstimator(MLContext context, MixAndSeparateOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options.Clone();
        _log = new ComponentLog(context, "MixAndSeparate");
    }

    /// <summary>Trains the separator on the rows of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">The rows hold fewer groups than sources per mixture.</exception>
    public MixAndSeparateTransformer Fit(IDataView input)
    {
        var data = SeparationExampleSet.Read(input, _options);
        var standardization = ImageStandardization.Fit(data.Visual);
        MixAndSeparateTask? task = null;
        var fitted = TorchFitting.Fit(_context, _options, _log,
            () => new SoundOfPixelsNetwork(_options.Architecture),
            (network, device, seed) => task = new MixAndSeparateTask(network, data, standardization, _options, device, seed));
        var options = _options.Clone();
        if (task?.PickedMaskExponent is double exponent)
        {
            options.MaskExponent = exponent;
            _log.Info("Mask exponent picked on held-out mixtures: " +
                      string.Join(", ", task.MaskExponentScores!.Select(pair => FormattableString.Invariant($"{pair.Key}: NSDR {pair.Value:F2} dB"))) + $" -> {exponent}.");
        }
        return new MixAndSeparateTransformer(options, data.Shape, standardization, fitted.Network, fitted.Device, fitted.Summary);
    }

    /// <summary>The input shape plus the separated waveforms (and masks on request).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.AudioColumnName, "Vector<Single> (a waveform)");
        SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, SeparationExampleSet.VisualExpectation);
        if (_options.GroupColumnName is string group) SchemaErrors.Require(inputSchema, group);
        var separated = _options.SeparatedColumns();
        return SchemaShapeFactory.Append(inputSchema,
        [
            .. separated.Select(name => new DataViewSchema.DetachedColumn(name, new VectorDataViewType(NumberDataViewType.Single))),
            .. _options.OutputMasks ? separated.Select(name => new DataViewSchema.DetachedColumn(name + "Mask", new VectorDataViewType(NumberDataViewType.Single))) : [],
        ]);
    }
}
