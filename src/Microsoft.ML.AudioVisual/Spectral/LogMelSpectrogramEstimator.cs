using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Turns a waveform column into a spectrogram column (mel, linear or log-frequency; power or magnitude;
/// dB or natural log) with the conventions of <see cref="SpectrogramOptions"/>, which match torchaudio and
/// librosa to float precision.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | input (`Audio`) | Vector&lt;Single, N&gt; or Vector&lt;Single&gt; | mono waveform at `SampleRate` (checked against the column's `SampleRate` annotation when present) |
/// | output (`Spectrogram`) | Vector&lt;Single, bins, frames&gt; | row-major `[bins, frames]`; a variable-length input gives a variable-length `Vector<Single>` of bins x frames values |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | No |
/// | Input column data type | Vector of Single |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual |
/// ]]></format>
/// </remarks>
public sealed class LogMelSpectrogramEstimator : IEstimator<LogMelSpectrogramTransformer>
{
    /// <summary>The default spectrogram column, also the trainers' default audio input.</summary>
    public const string DefaultOutputColumnName = "Spectrogram";

    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly SpectrogramOptions _options;

    internal LogMelSpectrogramEstimator(string outputColumnName, string? inputColumnName, SpectrogramOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName ?? outputColumnName;
        _options = options.Clone();
    }

    /// <summary>Nothing to learn: checks the input schema and returns the transformer.</summary>
    public LogMelSpectrogramTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new LogMelSpectrogramTransformer(_outputColumnName, _inputColumnName, _options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The input shape plus the spectrogram column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = SchemaErrors.Require(inputSchema, _inputColumnName);
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
            throw SchemaErrors.Mismatch(_inputColumnName, LogMelSpectrogramTransformer.InputExpectation, SchemaErrors.Describe(column));
        var type = column.Kind == SchemaShape.Column.VectorKind.Vector
            ? new VectorDataViewType(NumberDataViewType.Single, 1, 1) // a shape carries no sizes: any known-size vector
            : new VectorDataViewType(NumberDataViewType.Single);
        return SchemaShapeFactory.Append(inputSchema, [new(_outputColumnName, type)]);
    }
}
