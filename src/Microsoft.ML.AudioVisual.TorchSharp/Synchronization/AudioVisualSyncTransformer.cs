using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// A trained audio-visual synchronisation model (AVTS). Rows of exactly <see cref="SyncInputShapes.ClipFrames"/> frames
/// get <c>VisualEmbedding</c>, <c>AudioEmbedding</c> and <c>SyncScore</c>; longer rows (videos) get the offset estimate:
/// <c>SyncOffset</c> (seconds, positive when the sound is late), <c>SyncConfidence</c>, <c>SyncCurve</c> (the distance at
/// every scanned offset) and <c>SyncScore</c> (at offset 0). Inference is batched; owns native memory: dispose it.
/// </summary>
public sealed class AudioVisualSyncTransformer : TorchTransformerBase
{
    internal const string ModelKindName = "AudioVisualSync";

    private readonly AudioVisualSyncOptions _options;
    private readonly SyncInferenceEngine _engine;

    internal AudioVisualSyncTransformer(AudioVisualSyncOptions options, SyncInputShapes shapes, InputNormalization normalization, AudioFrontEnd? frontEnd,
        AvtsNet network, Device device, TrainingSummary? summary) : base(network, device, summary)
    {
        _options = options.Clone();
        Shapes = shapes;
        Normalization = normalization;
        AudioFrontEnd = frontEnd;
        EmbeddingDimension = network.EmbeddingDimension;
        _engine = new SyncInferenceEngine(network, Inference, shapes, normalization, options.InferenceBatchSize, options.Margin);
    }

    /// <summary>The clip shapes and timing the model was trained on.</summary>
    public SyncInputShapes Shapes { get; }

    /// <summary>The input standardisation fitted on the training rows.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>How its spectrograms are made from waveforms (recorded from the training data), or null when unknown.</summary>
    public AudioFrontEnd? AudioFrontEnd { get; }

    /// <summary>A copy of the options the model was trained with.</summary>
    public AudioVisualSyncOptions Options => _options.Clone();

    /// <summary>Embedding length.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Offsets the estimator scans either way, in frames.</summary>
    public int MaxOffsetFrames => _options.MaxOffsetFrames;

    internal SyncInferenceEngine Engine
    {
        get
        {
            ThrowIfDisposed();
            return _engine;
        }
    }

    internal override string ModelKind => ModelKindName;

    private protected override object SavedOptions => _options;

    /// <summary>Embeds visual clips (each <c>[ClipFrames, C, H, W]</c>), in batches.</summary>
    public float[][] EmbedVisualClips(IReadOnlyList<float[]> clips) =>
        Rows(Engine, clips.Count, (engine, output) => engine.EmbedVisual(TensorStaging.Flatten(clips, 0, clips.Count, Shapes.VisualClipSize, "visual clip"), clips.Count, output));

    /// <summary>Embeds clip spectrograms (each <c>[F, ClipFrames x ColumnsPerFrame]</c>), in batches.</summary>
    public float[][] EmbedAudioClips(IReadOnlyList<float[]> spectrograms) =>
        Rows(Engine, spectrograms.Count, (engine, output) => engine.EmbedAudio(TensorStaging.Flatten(spectrograms, 0, spectrograms.Count, Shapes.AudioClipSize, "clip spectrogram"), spectrograms.Count, output));

    /// <summary>The sync score of each (visual clip, clip spectrogram) pair: above 0.5 means in sync (see <see cref="SyncScore"/>).</summary>
    public float[] ScoreClips(IReadOnlyList<float[]> clips, IReadOnlyList<float[]> spectrograms)
    {
        if (clips.Count != spectrograms.Count) throw new ArgumentException($"{clips.Count} visual clips but {spectrograms.Count} spectrograms.", nameof(spectrograms));
        var scores = new float[clips.Count];
        Engine.Score(TensorStaging.Flatten(clips, 0, clips.Count, Shapes.VisualClipSize, "visual clip"),
            TensorStaging.Flatten(spectrograms, 0, spectrograms.Count, Shapes.AudioClipSize, "clip spectrogram"), clips.Count, scores);
        return scores;
    }

    /// <summary>
    /// Scans audio offsets of up to <see cref="AudioVisualSyncOptions.MaxOffset"/> either way, one frame apart, over every clip
    /// of a video: <paramref name="frames"/> <c>[T, C, H, W]</c> at the model's frame rate and <paramref name="spectrogram"/>
    /// <c>[F, S]</c> of audio that starts at frame <paramref name="audioStartFrame"/> (0: with the first frame; negative: that
    /// many frames earlier, so that every offset finds audio for every clip).
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not fit the model, or the video is shorter than a clip.</exception>
    public SyncOffsetEstimate EstimateOffset(float[] frames, int frameCount, float[] spectrogram, int audioStartFrame = 0)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(spectrogram);
        if (frameCount < 1 || frames.Length != (long)frameCount * Shapes.FrameSize)
            throw new ArgumentException($"{frames.Length} frame values are not {frameCount} frames of {Shapes.Channels} x {Shapes.Height} x {Shapes.Width}.", nameof(frames));
        if (spectrogram.Length % Shapes.AudioBins != 0)
            throw new ArgumentException($"{spectrogram.Length} spectrogram values are not rows of {Shapes.AudioBins} bins.", nameof(spectrogram));
        if (!Array.TrueForAll(frames, float.IsFinite) || !Array.TrueForAll(spectrogram, float.IsFinite))
            throw new ArgumentException("The frames or the spectrogram hold NaN or infinity.");
        return Engine.EstimateOffset(frames, frameCount, spectrogram, spectrogram.Length / Shapes.AudioBins, audioStartFrame, _options.MaxOffsetFrames);
    }

    /// <summary>The offset scan of a video in memory, its spectrogram made with the recorded <see cref="AudioFrontEnd"/>.</summary>
    /// <exception cref="ArgumentException">The video's frame size, channels, frame rate or sample rate differ from the model's.</exception>
    /// <exception cref="InvalidOperationException">The model records no audio front-end.</exception>
    public SyncOffsetEstimate EstimateOffset(SyncVideo video) => EstimateOffset(video.Frames, video.FrameCount, Spectrogram(video));

    /// <summary>
    /// The offset scan of frames <paramref name="startFrame"/> .. + <paramref name="frameCount"/> - 1 of a video in memory with
    /// its audio delayed by <paramref name="audioDelayFrames"/> frames (silence where the soundtrack has none) and
    /// <see cref="MaxOffsetFrames"/> frames of audio context either side: every scanned offset is compared on every clip.
    /// The estimate should be the delay.
    /// </summary>
    public SyncOffsetEstimate EstimateOffset(SyncVideo video, int startFrame, int frameCount, int audioDelayFrames)
    {
        var window = video.Window(startFrame, frameCount);
        int context = MaxOffsetFrames;
        var audio = video.AudioSpan(startFrame - context, frameCount + 2 * context, audioDelayFrames);
        return EstimateOffset(window.Frames, frameCount, Spectrogram(window, audio), -context);
    }

    /// <summary>The spectrogram <c>[F, S]</c> of a video's soundtrack as the model takes it, after checking that the video fits the model.</summary>
    public float[] Spectrogram(SyncVideo video) => Spectrogram(video, video.Audio);

    /// <summary>The spectrogram <c>[F, S]</c> of <paramref name="audio"/> (sound for <paramref name="video"/>), after checking that the video fits the model.</summary>
    private float[] Spectrogram(SyncVideo video, float[] audio)
    {
        ArgumentNullException.ThrowIfNull(video);
        var frontEnd = AudioFrontEnd?.Options ?? throw new InvalidOperationException(
            "The model records no audio front-end, so it cannot turn a soundtrack into its input: train it on a spectrogram column made by LogMelSpectrogram or SyncVideoData.");
        if (video.Channels != Shapes.Channels || video.Height != Shapes.Height || video.Width != Shapes.Width)
            throw new ArgumentException($"'{video.Name}' has frames of {video.Channels} x {video.Height} x {video.Width}; the model takes {Shapes.Channels} x {Shapes.Height} x {Shapes.Width}.", nameof(video));
        if (Math.Abs(video.FramesPerSecond - Shapes.FramesPerSecond) > 1e-9)
            throw new ArgumentException($"'{video.Name}' runs at {video.FramesPerSecond} fps; the model at {Shapes.FramesPerSecond}.", nameof(video));
        if (video.SampleRate != frontEnd.SampleRate)
            throw new ArgumentException($"'{video.Name}' has audio at {video.SampleRate} Hz; the model's front-end runs at {frontEnd.SampleRate} Hz.", nameof(video));
        return new SpectrogramComputer(frontEnd).Compute(audio);
    }

    private static float[][] Rows(SyncInferenceEngine engine, int count, Action<SyncInferenceEngine, float[]> run)
    {
        int dim = engine.EmbeddingDimension;
        var flat = new float[count * dim];
        if (count > 0) run(engine, flat);
        return Enumerable.Range(0, count).Select(i => flat.AsSpan(i * dim, dim).ToArray()).ToArray();
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new AudioVisualSyncMapper(this, inputSchema);
    }

    private protected override void SaveFamilyContents(ModelArchiveWriter writer)
    {
        writer.SetObject("shapes", Shapes);
        writer.SetObject("normalization", Normalization);
        writer.SetObject("audioFrontEnd", AudioFrontEnd);
    }

    internal static AudioVisualSyncTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<AudioVisualSyncOptions>("options");
        var shapes = reader.GetObject<SyncInputShapes>("shapes");
        var normalization = reader.GetObject<InputNormalization>("normalization");
        var frontEnd = reader.Has("audioFrontEnd") ? reader.GetObject<AudioFrontEnd?>("audioFrontEnd") : null;
        var (network, device) = LoadNetwork(context, reader, ModelKindName,
            () => new AvtsNet(shapes, options.VideoTower, options.AudioTower, options.EmbeddingDimension, options.HiddenDimension));
        return new AudioVisualSyncTransformer(options, shapes, normalization, frontEnd, network, device, null);
    }
}
