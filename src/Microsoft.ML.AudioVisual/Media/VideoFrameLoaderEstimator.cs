using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>
/// Decodes the media files named in a text column into frames, frame times and mono audio.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | input (`Path`) | String | media file path: video (anything FFmpeg reads), WAV (read natively), PNG/JPEG (a still clip) |
/// | `Frames` | Vector&lt;Single, T, 3, H, W&gt; | RGB planes, values divided by 255 by default (see `Scaling`) |
/// | `FrameTimes` | Vector&lt;Double, T&gt; | presentation time of each frame, seconds from the media start |
/// | `Audio` | Vector&lt;Single, N&gt; | mono (channels averaged) at `SampleRate`, N = round(AudioDuration * SampleRate); annotated with `SampleRate` |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | No |
/// | Input column data type | String |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual (FFmpeg on PATH for non-WAV media) |
///
/// Only active columns are decoded: one FFmpeg process per modality per row (all the row's frames in one call).
/// Bad media (missing, corrupt, no stream, too short, silent) throws <see cref="MediaLoadException"/>
/// unless <see cref="VideoFrameLoaderOptions.OnInvalidMedia"/> skips such rows.
/// ]]></format>
/// </remarks>
public sealed class VideoFrameLoaderEstimator : IEstimator<VideoFrameLoaderTransformer>
{
    private readonly MLContext _context;
    private readonly VideoFrameLoaderOptions _options;

    internal VideoFrameLoaderEstimator(MLContext context, VideoFrameLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options.Clone();
    }

    /// <summary>Nothing to learn: checks the input schema and returns the transformer.</summary>
    public VideoFrameLoaderTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new VideoFrameLoaderTransformer(_context, _options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The input shape plus the frames, times and audio columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireText(inputSchema, _options.InputColumnName);
        if (_options.CenterTimeColumnName is string center)
        {
            var column = SchemaErrors.Require(inputSchema, center);
            if (column.Kind != SchemaShape.Column.VectorKind.Scalar || (column.ItemType != NumberDataViewType.Double && column.ItemType != NumberDataViewType.Single))
                throw SchemaErrors.Mismatch(center, "Double or Single", SchemaErrors.Describe(column));
        }
        return SchemaShapeFactory.Append(inputSchema, VideoFrameLoaderTransformer.OutputColumns(_options));
    }
}
