using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Learns audio-visual temporal synchronisation (AVTS, Korbar, Tran &amp; Torresani 2018) from videos alone: is this sound
/// in sync with these frames? Hard negatives from the same video shifted in time force the networks to learn motion and
/// timing; AVTS's three ingredients are all here: a contrastive loss, frame-aligned easy and hard negatives, and a curriculum.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Frames` | Vector&lt;Single, T, C, H, W&gt; | consecutive frames at `FramesPerSecond` (`LoadVideoFrames` with `FramesPerSecond`, or `SyncVideoData`) |
/// | `Spectrogram` | Vector&lt;Single, F, S&gt; | the audio of the same span from the first frame on, a whole number of columns per frame (`LogMelSpectrogram`, whose settings the model records) |
/// | group (optional) | scalar | source id: easy negatives never take audio of the same group |
/// | `VisualEmbedding`, `AudioEmbedding` | Vector&lt;Single, D&gt; | rows of exactly `ClipFrames` frames: the clip embeddings |
/// | `SyncScore` | Single | clip rows: above 0.5 when in sync; longer rows: the same at offset 0 |
/// | `SyncOffset` | Single | longer rows: the audio offset in seconds that brings sound and picture closest (positive: the sound is late) |
/// | `SyncConfidence` | Single | longer rows: median minus minimum of the curve |
/// | `SyncCurve` | Vector&lt;Single, 2R+1&gt; | longer rows: mean embedding distance at each offset from -`MaxOffset` to +`MaxOffset`, one frame apart |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (self-supervised) |
/// | Required NuGet in addition to Microsoft.ML | Microsoft.ML.AudioVisual.TorchSharp and a libtorch backend |
/// | Device | CUDA when `MLContext.GpuDeviceId` is set and available, else CPU (or an error when `FallbackToCpu` is false) |
///
/// Training rows are videos, read into memory once; every epoch draws fresh clips. <see cref="GetOutputSchema"/> describes
/// the output for rows like the training rows (videos: the offset columns). Results repeat exactly for the same seed and
/// thread count.
/// ]]></format>
/// </remarks>
public sealed class AudioVisualSyncEstimator : IEstimator<AudioVisualSyncTransformer>
{
    private readonly MLContext _context;
    private readonly AudioVisualSyncOptions _options;
    private readonly ComponentLog _log;

    internal AudioVisualSyncEstimator(MLContext context, AudioVisualSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options.Clone();
        _log = new ComponentLog(context, "AudioVisualSync");
    }

    /// <summary>Trains the networks on the videos of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, has the wrong type or does not fit whole frames and one clip.</exception>
    /// <exception cref="InvalidDataException">An input value is NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token fired.</exception>
    public AudioVisualSyncTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shapes = SyncInputShapes.FromSchema(input.Schema, _options);
        if (_options.GroupColumnName is string group) SchemaErrors.Require(input.Schema, group);
        var data = AvcExampleSet.Read(input, _options.VisualColumnName, _options.AudioColumnName, _options.GroupColumnName, _options.CancellationToken);
        var frontEnd = AudioFrontEndAnnotation.Read(input.Schema[_options.AudioColumnName]);
        var normalization = data.FitNormalization();
        var fitted = TorchFitting.Fit(_context, _options, _log,
            () => new AvtsNet(shapes, _options.VideoTower, _options.AudioTower, _options.EmbeddingDimension, _options.HiddenDimension),
            (network, device, seed) => new SyncTask(network, data, shapes, normalization, _options, device, seed, _log, frontEnd));
        return new AudioVisualSyncTransformer(_options, shapes, normalization, frontEnd, fitted.Network, fitted.Device, fitted.Summary);
    }

    /// <summary>The input shape plus the columns of video rows: score, offset, confidence and curve.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaErrors.RequireFloatVector(inputSchema, _options.VisualColumnName, SyncInputShapes.VisualExpectation);
        SchemaErrors.RequireFloatVector(inputSchema, _options.AudioColumnName, SyncInputShapes.AudioExpectation);
        if (_options.GroupColumnName is string group) SchemaErrors.Require(inputSchema, group);
        return SchemaShapeFactory.Append(inputSchema, AudioVisualSyncMapper.VideoOutputs(_options).ToList());
    }
}
