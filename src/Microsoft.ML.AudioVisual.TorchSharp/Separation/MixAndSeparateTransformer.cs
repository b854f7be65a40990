using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Torch;
using Microsoft.ML.AudioVisual.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// A trained (or imported) Sound of Pixels separator: for a mixture waveform and one image per source it adds one
/// separated waveform per source (<c>Separated0</c>, ...) and, on request, the masks. The mixture is cut into clips of
/// the front-end's length (the last one zero-padded); per clip the masks are predicted, un-warped to linear
/// frequency, applied to the mixture's magnitude and inverted with the mixture's phase. Batched inference; owns
/// native memory (dispose it).
/// </summary>
public sealed class MixAndSeparateTransformer : TorchTransformerBase, IVisualSeparator
{
    internal const string ModelKindName = "MixAndSeparate";

    private readonly MixAndSeparateOptions _options;
    private readonly SoundOfPixelsNetwork _network;

    internal MixAndSeparateTransformer(MixAndSeparateOptions options, VisualShape visualShape, ImageStandardization standardization,
        SoundOfPixelsNetwork network, Device device, TrainingSummary? summary, SeparationImageInput imageInput = SeparationImageInput.UnitRange)
        : base(network, device, summary)
    {
        _options = options.Clone();
        _network = network;
        VisualShape = visualShape;
        Standardization = standardization;
        ImageInput = imageInput;
    }

    /// <summary>A copy of the options.</summary>
    public MixAndSeparateOptions Options => _options.Clone();

    /// <summary>
    /// How binary masks are applied (<see cref="MixAndSeparateOptions.BinaryMaskThreshold"/>): a threshold, or null for
    /// soft masks. An inference setting: saved with the model and changeable after loading.
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

    /// <summary>
    /// Whether soft binary masks are divided by their sum before they are applied
    /// (<see cref="MixAndSeparateOptions.NormalizeSoftMasks"/>). An inference setting: saved with the model and changeable after loading.
    /// </summary>
    public bool NormalizeSoftMasks
    {
        get => _options.NormalizeSoftMasks;
        set => _options.NormalizeSoftMasks = value;
    }

    /// <summary>
    /// The power normalised soft masks are raised to before they are divided by their sum
    /// (<see cref="MixAndSeparateOptions.MaskExponent"/>; 1 when the model holds none). An inference setting: saved with the
    /// model and changeable after loading.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive number.</exception>
    public double MaskExponent
    {
        get => _options.MaskExponent ?? 1;
        set
        {
            if (!(value > 0) || !double.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The mask exponent must be a positive number.");
            _options.MaskExponent = value;
        }
    }

    /// <summary>
    /// How many times each mixture is separated, delayed by fractions of the STFT hop, before the separated waveforms are
    /// averaged (<see cref="MixAndSeparateOptions.TimeShifts"/>). An inference setting: saved with the model and changeable after loading.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int TimeShifts
    {
        get => _options.TimeShifts;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _options.TimeShifts = value;
        }
    }

    /// <summary>The front-end (rate, clip length, STFT, warp).</summary>
    public SeparationFrontEnd FrontEnd => _options.FrontEnd;

    /// <summary>The visual input of one source.</summary>
    public VisualShape VisualShape { get; }

    /// <summary>The image standardisation.</summary>
    public ImageStandardization Standardization { get; }

    /// <summary>
    /// How pictures must be prepared for this model: in [0, 1] for trained models, with the official preprocessing for
    /// imported ones (<see cref="SeparationImageFiles.Load"/> applies it to image files).
    /// </summary>
    public SeparationImageInput ImageInput { get; }

    internal override string ModelKind => ModelKindName;

    private protected override object SavedOptions => _options;

    /// <summary>Separates one mixture with one visual value per source.</summary>
    /// <inheritdoc cref="Separate(IReadOnlyList{float[]}, IReadOnlyList{IReadOnlyList{float[]}})"/>
    public SeparationResult Separate(float[] mixture, IReadOnlyList<float[]> images) => Separate([mixture], [images])[0];

    /// <summary>
    /// Separates mixtures (mono, at the front-end's rate, any length), each with one visual value per source
    /// (<see cref="VisualShape"/>), <see cref="TimeShifts"/> times each; the masks are those of the undelayed pass.
    /// </summary>
    /// <exception cref="ArgumentException">A mixture is empty or not finite, or the images do not fit the model.</exception>
    public IReadOnlyList<SeparationResult> Separate(IReadOnlyList<float[]> mixtures, IReadOnlyList<IReadOnlyList<float[]>> images)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(mixtures);
        ArgumentNullException.ThrowIfNull(images);
        if (mixtures.Count != images.Count) throw new ArgumentException($"{mixtures.Count} mixtures but {images.Count} image lists.", nameof(images));
        int sources = _options.Sources;
        for (int m = 0; m < mixtures.Count; m++)
            if (images[m] is not { } list || list.Count != sources)
                throw new ArgumentException($"Mixture {m} has {images[m]?.Count ?? 0} images; the model separates {sources} sources, one image each.", nameof(images));
        // The first delay is 0: that pass cuts the mixtures as given, so an empty or non-finite one fails before any other pass.
        return TimeShiftAveraging.Average(mixtures, TimeShiftAveraging.Delays(_options.TimeShifts, FrontEnd.HopLength), delayed => SeparateOnce(delayed, images));
    }

    private IReadOnlyList<SeparationResult> SeparateOnce(IReadOnlyList<float[]> mixtures, IReadOnlyList<IReadOnlyList<float[]>> images)
    {
        int sources = _options.Sources;
        var clips = ClipwiseSeparation.Cut(mixtures, FrontEnd);
        var visuals = images.Select((list, m) => TensorStaging.Flatten(list, 0, sources, VisualShape.Size, $"image of mixture {m}")).ToArray();
        var spectrograms = new MixtureSpectrogram[clips.Count];
        Parallel.For(0, clips.Count, i => spectrograms[i] = MixtureSpectrogram.Compute(clips[i].Samples, FrontEnd));
        var masks = new float[clips.Count][];
        for (int start = 0; start < clips.Count; start += _options.InferenceBatchSize)
        {
            int count = Math.Min(_options.InferenceBatchSize, clips.Count - start);
            var visual = new float[count * sources * VisualShape.Size];
            for (int i = 0; i < count; i++) visuals[clips[start + i].Mixture].CopyTo(visual, i * sources * VisualShape.Size);
            float[] batch = [];
            Inference.Run(() =>
            {
                var frames = SeparationForward.StageVisual(visual, count * sources, VisualShape, Standardization, Inference.Device);
                var input = SeparationForward.StageSpectrograms(spectrograms[start..(start + count)], Inference.Device);
                batch = SeparationForward.Activate(SeparationForward.MaskLogits(_network, input, frames, sources), _options.Mask).to(CPU).contiguous().data<float>().ToArray();
            });
            int size = batch.Length / count;
            for (int i = 0; i < count; i++) masks[start + i] = batch.AsSpan(i * size, size).ToArray();
        }
        return ClipwiseSeparation.AssembleAll(mixtures, clips, spectrograms, masks, sources, _options.Mask, _options.BinaryMaskThreshold, _options.AppliedMaskExponent);
    }

    /// <summary>
    /// Where in each picture the sound of <paramref name="mixture"/> comes from: one mask per cell of the frame net's
    /// feature map (the official <c>forward_pixelwise</c>) instead of one per picture, and per cell the separated
    /// magnitude (<see cref="SeparationPixelMap"/>), summed over the clips the mixture is cut into.
    /// </summary>
    /// <param name="mixture">Mono samples at the front-end's rate, any length.</param>
    /// <param name="pictures">Pictures in the model's visual shape (<see cref="VisualShape"/>), any number.</param>
    /// <returns>One map per picture, row-major, top row first; draw it over the picture as the model sees it.</returns>
    /// <exception cref="ArgumentException">The mixture is empty or not finite, or a picture does not fit the model.</exception>
    public IReadOnlyList<SeparationPixelMap> PixelEnergy(float[] mixture, IReadOnlyList<float[]> pictures)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(pictures);
        if (mixture.Length == 0) throw new ArgumentException("The mixture holds no samples.", nameof(mixture));
        if (!Array.TrueForAll(mixture, float.IsFinite)) throw new ArgumentException("The mixture holds NaN or infinity.", nameof(mixture));
        TensorStaging.Flatten(pictures, 0, pictures.Count, VisualShape.Size, "picture");
        return SeparationPixelEnergy.Compute(_network, Inference, _options, VisualShape, Standardization, mixture, pictures);
    }

    private protected override RowBatchMapper CreateMapper(DataViewSchema inputSchema)
    {
        ThrowIfDisposed();
        return new SeparationMapper(this, inputSchema);
    }

    int IVisualSeparator.Sources => _options.Sources;

    int IVisualSeparator.InferenceBatchSize => _options.InferenceBatchSize;

    string IVisualSeparator.MixtureColumnName => _options.MixtureColumnName;

    IReadOnlyList<string> IVisualSeparator.VisualColumns => _options.VisualColumns();

    IReadOnlyList<string> IVisualSeparator.SeparatedColumns => _options.SeparatedColumns();

    bool IVisualSeparator.OutputMasks => _options.OutputMasks;

    void IVisualSeparator.RequireVisualColumn(DataViewSchema schema, string name)
    {
        if (VisualShape.FromSchema(schema, name) != VisualShape)
            throw SchemaErrors.Mismatch(name, $"Vector<Single, {VisualShape.Frames}, {VisualShape.Channels}, {VisualShape.Height}, {VisualShape.Width}> (or without the frame axis when it is 1)",
                schema[name].Type.ToString() ?? "?");
    }

    private protected override void SaveFamilyContents(ModelArchiveWriter writer)
    {
        writer.SetObject("visualShape", VisualShape);
        writer.SetObject("imageStandardization", Standardization);
        writer.SetObject("imageInput", ImageInput);
    }

    internal static MixAndSeparateTransformer LoadFrom(MLContext context, ModelArchiveReader reader)
    {
        var options = reader.GetObject<MixAndSeparateOptions>("options");
        var shape = reader.GetObject<VisualShape>("visualShape");
        var standardization = reader.GetObject<ImageStandardization>("imageStandardization");
        // Archives written before the image convention was saved: only an import has the identity standardisation.
        var imageInput = reader.Has("imageInput") ? reader.GetObject<SeparationImageInput>("imageInput")
            : standardization == ImageStandardization.Identity ? SeparationImageInput.SoundOfPixels : SeparationImageInput.UnitRange;
        var (network, device) = LoadNetwork(context, reader, ModelKindName, () => new SoundOfPixelsNetwork(options.Architecture));
        return new MixAndSeparateTransformer(options, shape, standardization, network, device, null, imageInput);
    }

    /// <summary>
    /// A separator from the official Sound of Pixels state dicts (<c>torch.save(net.state_dict())</c> of the sound net,
    /// frame net and synthesizer): the paper architecture and front-end, binary masks, three 224 x 224 frames per source
    /// expected already ImageNet-normalised (<see cref="SeparationImage.Preprocess"/>; <see cref="ImageInput"/> says so,
    /// and <see cref="SeparationImageFiles.Load"/> applies it to image files).
    /// </summary>
    /// <exception cref="InvalidDataException">A file cannot be read or does not fit the official networks.</exception>
    public static MixAndSeparateTransformer FromOfficialCheckpoints(MLContext context, string soundPath, string framePath, string synthesizerPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var network = SoundOfPixelsCheckpoint.Load(soundPath, framePath, synthesizerPath);
        var options = new MixAndSeparateOptions
        {
            Architecture = network.Architecture,
            FrontEnd = SeparationFrontEnd.Official,
            Mask = SeparationMask.Binary,
            // The official evaluation thresholds binary masks and separates each mixture once.
            BinaryMaskThreshold = MaskedReconstruction.BinaryThreshold,
            TimeShifts = 1,
        };
        var frontEnd = options.FrontEnd;
        return new MixAndSeparateTransformer(options, new VisualShape(frontEnd.VideoFrames, 3, frontEnd.ImageSize, frontEnd.ImageSize), ImageStandardization.Identity,
            network, CPU, null, SeparationImageInput.SoundOfPixels);
    }
}
