using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// A trained Sound of Motions separator: for a mixture waveform and one grey video per source it adds one separated
/// waveform per source (<c>Separated0</c>, <c>Separated1</c>) and, on request, the masks. The mixture is cut into clips of the
/// front-end's length (the last one zero-padded); each clip takes the next <see cref="FramesPerClip"/> frames of every video,
/// whose appearance and dense trajectories (Farneback flow, chained) condition the U-Net that predicts the source's mask.
/// Batched inference; owns native memory (dispose it).
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Inference columns
/// | Column | Type | Content |
/// | -- | -- | -- |
/// | `Mixture` | Vector&lt;Single&gt; | the mixture waveform at the front-end's rate |
/// | `Video0`, `Video1` | Vector&lt;Single, F, 1, S, S&gt; (or Vector&lt;Single&gt; of F·S·S values) | each source's grey frames in [0, 1] at `VideoFramesPerSecond` |
/// | `Separated0`, `Separated1` | Vector&lt;Single&gt; | the separated waveforms, the mixture's length |
/// | `Separated0Mask`, ... (on request) | Vector&lt;Single, F, T&gt; | the predicted masks, log-frequency, before any threshold |
///
/// A video shorter than the mixture repeats its last frame.
/// ]]></format>
/// </remarks>
public sealed class SoundOfMotionsTransformer : TorchTransformerBase, IVisualSeparator
{
    internal const string ModelKindName = "SoundOfMotions";

    private readonly SoundOfMotionsOptions _options;
    private readonly SoundOfMotionsNetwork _network;
    private readonly MotionInputShape _shape;

    internal SoundOfMotionsTransformer(SoundOfMotionsOptions options, ImageStandardization standardization, SoundOfMotionsNetwork network, Device device,
        TrainingSummary? summary) : base(network, device, summary)
    {
        _options = options.Clone();
        _network = network;
        _network.MotionAblated = options.AblateMotion;
        _shape = new MotionInputShape(_options);
        Standardization = standardization;
    }

    /// <summary>A copy of the options.</summary>
    public SoundOfMotionsOptions Options => _options.Clone();

    /// <summary>The front-end (rate, clip length, STFT, warp, frame size).</summary>
    public SeparationFrontEnd FrontEnd => _options.FrontEnd;

    /// <summary>T, the video frames that go with one clip of <see cref="SeparationFrontEnd.ClipSamples"/> samples.</summary>
    public int FramesPerClip => _shape.Frames;

    /// <summary>S: videos are S x S grey frames.</summary>
    public int FrameSize => _shape.FrameSize;

    /// <summary>The frame rate videos must have: <see cref="FramesPerClip"/> frames per clip.</summary>
    public double VideoFramesPerSecond => FramesPerClip * (double)FrontEnd.SampleRate / FrontEnd.ClipSamples;

    /// <summary>The frame standardisation of the appearance stream.</summary>
    public ImageStandardization Standardization { get; }

    /// <summary>
    /// How binary masks are applied: a threshold, or null for soft masks (the default). An inference setting: saved with the
    /// model and changeable after loading.
    /// </summary>
    public float? BinaryMaskThreshold
    {
        get => _options.BinaryMaskThreshold;
        set
        {
            if (value is not null and not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(value), value, "The threshold must be between 0 and 1 (exclusive), or null for soft masks.");
            _options.BinaryMaskThreshold = value;
        }
    }

    internal override string ModelKind => ModelKindName;

    private protected override object SavedOptions => _options;

    /// <summary>Separates one mixture with one grey video per source.</summary>
    /// <inheritdoc cref="Separate(IReadOnlyList{float[]}, IReadOnlyList{IReadOnlyList{float[]}})"/>
    public SeparationResult Separate(float[] mixture, IReadOnlyList<float[]> videos) => Separate([mixture], [videos])[0];

    /// <summary>
    /// Separates mixtures (mono, at the front-end's rate, any length), each with one video per source: grey frames
    /// <c>[F, 1, S, S]</c> in [0, 1] at <see cref="VideoFramesPerSecond"/> starting with the mixture (a video shorter than
    /// the mixture repeats its last frame).
    /// </summary>
    /// <exception cref="ArgumentException">A mixture is empty or not finite, or a video does not fit the model.</exception>
    public IReadOnlyList<SeparationResult> Separate(IReadOnlyList<float[]> mixtures, IReadOnlyList<IReadOnlyList<float[]>> videos)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(mixtures);
        ArgumentNullException.ThrowIfNull(videos);
        if (mixtures.Count != videos.Count) throw new ArgumentException($"{mixtures.Count} mixtures but {videos.Count} video lists.", nameof(videos));
        const int Sources = SoundOfMotionsOptions.Sources;
        int frameValues = FrameSize * FrameSize;
        for (int m = 0; m < mixtures.Count; m++)
        {
            if (videos[m] is not { Count: Sources } list)
                throw new ArgumentException($"Mixture {m} has {videos[m]?.Count ?? 0} videos; the model separates {Sources} sources, one video each.", nameof(videos));
            for (int n = 0; n < Sources; n++)
            {
                var video = list[n] ?? throw new ArgumentNullException(nameof(videos), $"The video of source {n} of mixture {m} is null.");
                if (video.Length == 0 || video.Length % frameValues != 0)
                    throw new ArgumentException($"The video of source {n} of mixture {m} holds {video.Length} values; the model takes grey {FrameSize} x {FrameSize} frames ({frameValues} values each).", nameof(videos));
                if (!Array.TrueForAll(video, float.IsFinite)) throw new ArgumentException($"The video of source {n} of mixture {m} holds NaN or infinity.", nameof(videos));
            }
        }
        var clips = ClipwiseSeparation.Cut(mixtures, FrontEnd);
        var spectrograms = new MixtureSpectrogram[clips.Count];
        var clipVideos = new float[clips.Count * Sources][];
        var trajectories = new float[clips.Count * Sources][];
        Parallel.For(0, clips.Count, i =>
        {
            spectrograms[i] = MixtureSpectrogram.Compute(clips[i].Samples, FrontEnd);
            int firstFrame = clips[i].Start / FrontEnd.ClipSamples * FramesPerClip;
            for (int n = 0; n < Sources; n++)
            {
                clipVideos[(i * Sources) + n] = ClipFrames(videos[clips[i].Mixture][n], firstFrame);
                trajectories[(i * Sources) + n] = _shape.Track(clipVideos[(i * Sources) + n], $"The video of source {n} of mixture {clips[i].Mixture}");
            }
        });
        var masks = new float[clips.Count][];
        for (int start = 0; start < clips.Count; start += _options.InferenceBatchSize)
        {
            int count = Math.Min(_options.InferenceBatchSize, clips.Count - start);
            float[] batch = [];
            Inference.Run(() =>
            {
                var logits = MotionForward.Logits(_network, _shape, Standardization, Inference.Device, spectrograms[start..(start + count)],
                    clipVideos[(start * Sources)..((start + count) * Sources)], trajectories[(start * Sources)..((start + count) * Sources)]);
                batch = SeparationForward.Activate(logits, _options.Mask).to(CPU).contiguous().data<float>().ToArray();
            });
            int size = batch.Length / count;
            for (int i = 0; i < count; i++) masks[start + i] = batch.AsSpan(i * size, size).ToArray();
        }
        return ClipwiseSeparation.AssembleAll(mixtures, clips, spectrograms, masks, Sources, _options.Mask, _options.BinaryMaskThreshold);
    }

    /// <summary>The <see cref="FramesPerClip"/> frames of <paramref name="video"/> from <paramref name="first"/>, the last frame repeated past its end.</summary>
    private float[] ClipFrames(float[] video, int first)
    {
        int frameValues = FrameSize * FrameSize, available = video.Length / frameValues;
        var frames = new float[_shape.VideoSize];
        for (int k = 0; k < FramesPerClip; k++)
            video.AsSpan(Math.Min(first + k, available - 1) * frameValues, frameValues).CopyTo(frames.AsSpan(k * frameValues));
        return frames;
    }

    int IVisualSeparator.Sources => SoundOfMotionsOptions.Sources;

    int IVisualSeparator.InferenceBatchSize => _options.InferenceBatchSize;

    string IVisualSeparator.MixtureColumnName => _options.MixtureColumnName;

    IReadOnlyList<string> IVisualSeparator.VisualColumns => _options.VideoColumns();

    IReadOnlyList<string> IVisualSeparator.SeparatedColumns => _options.SeparatedColumns();

    bool IVisualSeparator.OutputMasks => _options.OutputMasks;

    void IVisualSeparator.RequireVisualColumn(DataViewSchema schema, string name)
    {
        var column = SchemaErrors.Require(schema, name);
        int frameValues = FrameSize * FrameSize;
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } type || n != NumberDataViewType.Single || (type.IsKnownSize && type.Size % frameValues != 0))
            throw SchemaErrors.Mismatch(name, $"Vector<Single, F, 1, {FrameSize}, {FrameSize}> (grey frames at {VideoFramesPerSecond:0.##} fps)", column.Type.ToString() ?? "?");
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new SeparationMapper(this, inputSchema);
    }

    private protected override void SaveFamilyContents(ModelArchiveWriter writer) => writer.SetObject("imageStandardization", Standardization);

    internal static SoundOfMotionsTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<SoundOfMotionsOptions>("options");
        var standardization = reader.GetObject<ImageStandardization>("imageStandardization");
        var (network, device) = LoadNetwork(context, reader, ModelKindName, () => new SoundOfMotionsNetwork(options.Architecture));
        return new SoundOfMotionsTransformer(options, standardization, network, device, null);
    }
}
