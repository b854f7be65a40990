using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The Sound of Pixels network (Zhao et al., ECCV 2018): sound net, frame net and synthesizer of one
/// <see cref="SeparationArchitecture"/>. The official training pass is
/// <c>MaskLogits(FrameFeatures(frames), SoundFeatures(log warped magnitude of the mixture))</c> followed by a sigmoid.
/// </summary>
/// <remarks>
/// State-dict names: <c>sound.*</c> (<see cref="SoundUNet"/>), <c>frame.*</c> (<see cref="DilatedResNet18"/> or
/// <see cref="SmallFrameNet"/>), <c>synthesizer.scale</c>, <c>synthesizer.bias</c>. Official checkpoints load through
/// <see cref="SoundOfPixelsCheckpoint"/>.
/// </remarks>
internal sealed class SoundOfPixelsNetwork : nn.Module
{
    private readonly SoundUNet sound;
    private readonly nn.Module<Tensor, Tensor> frame;
    private readonly InnerProductSynthesizer synthesizer;
    private readonly ModuleList<FeatureModulation>? films;

    /// <summary>Builds a freshly initialised network (TorchSharp's default initialisation; seed with <c>torch.manual_seed</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The architecture is invalid.</exception>
    public SoundOfPixelsNetwork(SeparationArchitecture architecture) : base("SoundOfPixelsNetwork")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        sound = new SoundUNet(architecture);
        frame = CreateFrameNet(architecture);
        synthesizer = new InnerProductSynthesizer(architecture.Channels);
        if (architecture.ConditionSoundNet) films = FeatureModulation.ForUNet(architecture, architecture.Channels, decoder: true);
        RegisterComponents();
    }

    /// <summary>The architecture the network was built with.</summary>
    public SeparationArchitecture Architecture { get; }

    /// <summary>
    /// K feature maps <c>[B, K, F, T]</c> of a log-magnitude spectrogram <c>[B, 1, F, T]</c> (no activation, as the official
    /// <c>sound_activation='no'</c>). With <see cref="SeparationArchitecture.ConditionSoundNet"/> the maps depend on the
    /// source: <paramref name="frameFeatures"/> <c>[B·S, K]</c> (S sources per spectrogram, spectrogram-major) gives
    /// <c>[B·S, K, F, T]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not <c>[B, 1, F, T]</c> with F and T multiples of 2^Downs, or the frame features are missing or do not fit.</exception>
    public Tensor SoundFeatures(Tensor logMagnitude, Tensor? frameFeatures = null)
    {
        if (logMagnitude.dim() != 4 || logMagnitude.shape[1] != 1)
            throw new ArgumentException($"The spectrogram must be [B, 1, F, T], got [{string.Join(", ", logMagnitude.shape)}].", nameof(logMagnitude));
        Architecture.ValidateSpectrogram(logMagnitude.shape[2], logMagnitude.shape[3]);
        if (films is null) return sound.forward(logMagnitude);
        if (frameFeatures is null) throw new ArgumentException("This sound net is conditioned on the sources' frame features: give them.", nameof(frameFeatures));
        CheckChannels(frameFeatures, 2, nameof(frameFeatures));
        using var condition = frameFeatures.unsqueeze(2);
        return FeatureModulation.ModulatedForward(sound, films, logMagnitude, condition);
    }

    /// <summary>Whether <see cref="SoundFeatures"/> needs the sources' frame features (<see cref="SeparationArchitecture.ConditionSoundNet"/>).</summary>
    public bool ConditionsSoundNet => films is not null;

    /// <summary>
    /// The K visual features <c>[B, K]</c> of <c>[B, T, 3, H, W]</c> frames: the frame net on every frame, the
    /// maximum over frames and space, then the image activation (the official <c>forward_multiframe</c> with max pooling).
    /// </summary>
    public Tensor FrameFeatures(Tensor frames)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = FrameMaps(frames).amax([1, 3, 4]);
        return Activate(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The visual feature map <c>[B, K, h, w]</c> of <c>[B, T, 3, H, W]</c> frames: maximum over frames only, then the
    /// image activation; for one mask per pixel (<see cref="PixelMaskLogits"/>).
    /// </summary>
    public Tensor FrameFeatureMap(Tensor frames)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = FrameMaps(frames).amax([1]);
        return Activate(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Mask logits <c>[B, 1, F, T]</c> (no output activation) from <see cref="FrameFeatures"/> and <see cref="SoundFeatures"/>.</summary>
    public Tensor MaskLogits(Tensor frameFeatures, Tensor soundFeatures)
    {
        CheckChannels(frameFeatures, 2, nameof(frameFeatures));
        CheckChannels(soundFeatures, 4, nameof(soundFeatures));
        return synthesizer.forward(frameFeatures, soundFeatures);
    }

    /// <summary>Mask logits <c>[B, h·w, F, T]</c>, one mask per pixel of <see cref="FrameFeatureMap"/> (row-major pixels).</summary>
    public Tensor PixelMaskLogits(Tensor frameFeatureMap, Tensor soundFeatures)
    {
        CheckChannels(frameFeatureMap, 4, nameof(frameFeatureMap));
        CheckChannels(soundFeatures, 4, nameof(soundFeatures));
        return synthesizer.PerPixel(frameFeatureMap, soundFeatures);
    }

    /// <summary>The submodules, for loading and for per-part learning rates (the official frame net trains 10x slower).</summary>
    internal SoundUNet Sound => sound;

    /// <inheritdoc cref="Sound"/>
    internal nn.Module<Tensor, Tensor> Frame => frame;

    /// <inheritdoc cref="Sound"/>
    internal InnerProductSynthesizer Synthesizer => synthesizer;

    /// <summary>The frame net of <paramref name="architecture"/>: images <c>[N, 3, H, W]</c> to K feature maps <c>[N, K, h, w]</c>.</summary>
    internal static nn.Module<Tensor, Tensor> CreateFrameNet(SeparationArchitecture architecture) =>
        architecture.FrameNet == FrameNetKind.ResNet18Dilated
            ? new DilatedResNet18(architecture.Channels)
            : new SmallFrameNet(architecture.FrameTower, architecture.Channels);

    /// <summary>The frame net on every frame: <c>[B, T, 3, H, W]</c> to <c>[B, T, K, h, w]</c>.</summary>
    private Tensor FrameMaps(Tensor frames) => FrameMaps(frame, frames);

    /// <summary><paramref name="frameNet"/> on every frame: <c>[B, T, 3, H, W]</c> to <c>[B, T, K, h, w]</c>.</summary>
    internal static Tensor FrameMaps(nn.Module<Tensor, Tensor> frameNet, Tensor frames)
    {
        if (frames.dim() != 5 || frames.shape[2] != 3)
            throw new ArgumentException($"Frames must be [B, T, 3, H, W], got [{string.Join(", ", frames.shape)}].", nameof(frames));
        long b = frames.shape[0], t = frames.shape[1];
        Tensor maps = frameNet.forward(frames.reshape(b * t, 3, frames.shape[3], frames.shape[4]));
        return maps.reshape(b, t, maps.shape[1], maps.shape[2], maps.shape[3]);
    }

    private Tensor Activate(Tensor features) =>
        Architecture.ImageActivation == FeatureActivation.Sigmoid ? features.sigmoid() : features.alias();

    private void CheckChannels(Tensor tensor, int dimensions, string name)
    {
        if (tensor.dim() != dimensions || tensor.shape[1] != Architecture.Channels)
            throw new ArgumentException(
                $"{name} must have {dimensions} dimensions with K = {Architecture.Channels} channels in dimension 1, got [{string.Join(", ", tensor.shape)}].", name);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            sound.Dispose();
            frame.Dispose();
            synthesizer.Dispose();
            films?.Dispose();
        }
        base.Dispose(disposing);
    }
}
