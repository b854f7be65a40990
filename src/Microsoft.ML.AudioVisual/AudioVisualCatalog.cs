using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual;

/// <summary>
/// The entry point of Microsoft.ML.AudioVisual: <c>mlContext.AudioVisual()</c>. Media loading and
/// spectrogram front-ends live here; the TorchSharp package adds trainers (AvcEmbedding,
/// SoundLocalizer) as extension methods on this catalog.
/// </summary>
public sealed class AudioVisualCatalog
{
    internal AudioVisualCatalog(MLContext context) => Context = context;

    /// <summary>The context this catalog was made from.</summary>
    internal MLContext Context { get; }

    /// <summary>
    /// Loads frames, frame times and mono audio from the media files named in a text column.
    /// </summary>
    /// <param name="inputColumnName">The text column holding file paths.</param>
    /// <param name="frameCount">Frames per row (evenly spread over the clip).</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="sampleRate">Audio samples per second.</param>
    /// <param name="audioDuration">Seconds of audio per row (from the clip start).</param>
    public VideoFrameLoaderEstimator LoadVideoFrames(string inputColumnName = VideoFrameLoaderOptions.Defaults.InputColumnName,
        int frameCount = 1, int width = 224, int height = 224, int sampleRate = 16000, double audioDuration = 1.0) =>
        new(Context, new VideoFrameLoaderOptions
        {
            InputColumnName = inputColumnName,
            FrameCount = frameCount,
            Width = width,
            Height = height,
            SampleRate = sampleRate,
            AudioDuration = audioDuration,
        });

    /// <summary>Loads media with full control over times, sizes, columns and bad-input handling.</summary>
    public VideoFrameLoaderEstimator LoadVideoFrames(VideoFrameLoaderOptions options) => new(Context, options);

    /// <summary>
    /// Computes spectrograms of a waveform column. The default options are torchaudio's
    /// <c>MelSpectrogram</c> defaults at 16 kHz; see <see cref="SpectrogramOptions"/> for the librosa, L3 and
    /// Sound-of-Pixels presets and for log compression.
    /// </summary>
    /// <param name="outputColumnName">The spectrogram column.</param>
    /// <param name="inputColumnName">The waveform column; null for <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Front-end settings; null for <see cref="SpectrogramOptions.TorchAudio"/>.</param>
    public LogMelSpectrogramEstimator LogMelSpectrogram(string outputColumnName = LogMelSpectrogramEstimator.DefaultOutputColumnName, string? inputColumnName = VideoFrameLoaderOptions.Defaults.AudioColumnName,
        SpectrogramOptions? options = null) =>
        new(outputColumnName, inputColumnName, options ?? SpectrogramOptions.TorchAudio());

    /// <summary>
    /// Dense trajectories of a frames column (Farneback optical flow chained from a grid of seed points), the motion
    /// input of "The Sound of Motions": <c>Vector&lt;Single, T, C, H, W&gt;</c> in, <c>Vector&lt;Single, T-1, 2, H/stride, W/stride&gt;</c>
    /// of per-step displacements in pixels out.
    /// </summary>
    /// <param name="outputColumnName">The trajectories column.</param>
    /// <param name="inputColumnName">The frames column (at least two frames, grey or RGB).</param>
    /// <param name="gridStride">Pixels between trajectory seeds.</param>
    public MotionTrajectoriesEstimator MotionTrajectories(string outputColumnName = MotionTrajectoriesOptions.Defaults.OutputColumnName,
        string inputColumnName = MotionTrajectoriesOptions.Defaults.InputColumnName, int gridStride = MotionTrajectoriesOptions.Defaults.GridStride) =>
        new(new MotionTrajectoriesOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, GridStride = gridStride });

    /// <summary>Dense trajectories with full control over the columns, the grid and the optical flow (see <see cref="MotionTrajectoriesOptions"/>).</summary>
    public MotionTrajectoriesEstimator MotionTrajectories(MotionTrajectoriesOptions options) => new(options);

    /// <summary>Loads a transformer saved with <see cref="AudioVisualTransformerBase.Save(string)"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, damaged or not one of our models; the message says which file and why.</exception>
    public ITransformer LoadTransformer(string path) => ModelArchive.Load(Context, path);

    /// <summary>
    /// Saves a fitted pipeline (a chain, possibly nested, or one transformer) that may mix this library's
    /// transformers with ML.NET's own, as one file, atomically. <c>mlContext.Model.Save</c> cannot save this
    /// library's transformers; this call saves the ML.NET parts with ML.NET itself and the rest as ours.
    /// </summary>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline reads (stored for <see cref="LoadModel"/>), or null.</param>
    /// <param name="path">The file to write.</param>
    /// <exception cref="NotSupportedException">A stage can be saved by neither ML.NET nor this library; nothing is written.</exception>
    public void SaveModel(ITransformer model, DataViewSchema? inputSchema, string path) => PipelineArchive.Save(Context, model, inputSchema, path);

    /// <summary>Loads a pipeline saved with <see cref="SaveModel"/> (or a single transformer saved with its own <c>Save</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="inputSchema">The input schema stored with the pipeline, or null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, damaged or not one of our models.</exception>
    public ITransformer LoadModel(string path, out DataViewSchema? inputSchema) => PipelineArchive.Load(Context, path, out inputSchema);

    /// <summary>Loads a transformer of a known type.</summary>
    public TTransformer LoadTransformer<TTransformer>(string path) where TTransformer : class, ITransformer =>
        LoadTransformer(path) as TTransformer
        ?? throw new InvalidDataException($"'{path}' does not hold a {typeof(TTransformer).Name}.");
}

/// <summary>Adds <c>AudioVisual()</c> to <see cref="MLContext"/>.</summary>
public static class MLContextAudioVisualExtensions
{
    /// <summary>The audio-visual catalog of this context (estimators, trainers, model loading).</summary>
    public static AudioVisualCatalog AudioVisual(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new AudioVisualCatalog(mlContext);
    }
}
