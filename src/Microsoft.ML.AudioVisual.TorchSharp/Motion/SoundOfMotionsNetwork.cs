using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// The Sound of Motions network (Zhao et al., ICCV 2019) of one <see cref="SoundOfMotionsArchitecture"/>: appearance
/// stream (the Sound of Pixels frame net), motion stream (<see cref="MotionStream"/> or the I3D-like <see cref="InceptionMotionStream"/> over dense trajectories), an attention
/// map from the appearance features (1 x 1 convolution to one channel, sigmoid) that weights the motion features in space,
/// and FiLM of the sound U-Net by the concatenated appearance and motion features; the U-Net's decoder gives one mask
/// logit map per conditioning source.
/// </summary>
/// <remarks>
/// State-dict names: <c>sound.*</c> (<see cref="SoundUNet"/> with one output channel), <c>frame.*</c>, <c>motion.*</c>,
/// <c>attention.*</c>, <c>films.i.*</c> (0 = bottleneck, then the decoder levels from the innermost).
/// </remarks>
internal sealed class SoundOfMotionsNetwork : nn.Module
{
    private readonly SoundUNet sound;
    private readonly nn.Module<Tensor, Tensor> frame;
    private readonly MotionStreamBase motion;
    private readonly Conv2d attention;
    private readonly ModuleList<FeatureModulation> films;

    /// <summary>Builds a freshly initialised network (seed with <c>torch.manual_seed</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The architecture is invalid.</exception>
    public SoundOfMotionsNetwork(SoundOfMotionsArchitecture architecture) : base("SoundOfMotionsNetwork")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        var separation = architecture.Separation;
        sound = new SoundUNet(separation, outputChannels: 1);
        frame = SoundOfPixelsNetwork.CreateFrameNet(separation);
        motion = MotionStreamBase.Create(architecture);
        attention = nn.Conv2d(separation.Channels, 1, kernel_size: 1);
        ConditionWidth = separation.Channels + motion.Channels;
        films = FeatureModulation.ForUNet(separation, ConditionWidth, architecture.ModulateDecoder);
        RegisterComponents();
    }

    /// <summary>The architecture the network was built with.</summary>
    public SoundOfMotionsArchitecture Architecture { get; }

    /// <summary>D, the width of <see cref="Condition"/>: K appearance features and the motion stream's channels.</summary>
    public int ConditionWidth { get; }

    /// <summary>When true, the motion features are replaced by zeros (an appearance-only ablation of the same network).</summary>
    public bool MotionAblated { get; set; }

    /// <summary>
    /// The conditioning sequence <c>[N, D, T-1]</c> of N sources from their frames <c>[N, T, 3, H, W]</c> and trajectory
    /// displacements <c>[N, 2, T-1, Hs, Ws]</c>: per step, the pooled appearance features (maximum over frames and space,
    /// then the image activation; the same at every step) and the motion features averaged over space with the weights of
    /// the appearance attention map.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs have the wrong rank or disagree on N.</exception>
    public Tensor Condition(Tensor frames, Tensor trajectories)
    {
        if (trajectories.dim() != 5 || frames.dim() != 5 || trajectories.shape[0] != frames.shape[0])
            throw new ArgumentException(
                $"Frames [N, T, 3, H, W] and trajectories [N, 2, T-1, Hs, Ws] must agree on N, got [{string.Join(", ", frames.shape)}] and [{string.Join(", ", trajectories.shape)}].");
        using var scope = NewDisposeScope();
        Tensor map = SoundOfPixelsNetwork.FrameMaps(frame, frames).amax([1]);                      // [N, K, h, w]
        Tensor pooled = map.amax([2, 3]);
        Tensor appearance = Architecture.Separation.ImageActivation == FeatureActivation.Sigmoid ? pooled.sigmoid() : pooled;
        long steps = trajectories.shape[2];
        Tensor motionFeatures;
        if (MotionAblated)
        {
            motionFeatures = zeros([frames.shape[0], motion.Channels, steps], device: frames.device);
        }
        else
        {
            Tensor weights = attention.forward(map).sigmoid();                                       // [N, 1, h, w]
            Tensor features = motion.forward(trajectories);                                          // [N, C, S, h', w']
            if (features.shape[3] != map.shape[2] || features.shape[4] != map.shape[3])
                features = nn.functional.adaptive_avg_pool3d(features, [steps, map.shape[2], map.shape[3]]);
            Tensor w = weights.unsqueeze(2);                                                         // [N, 1, 1, h, w]
            motionFeatures = (features * w).sum([3, 4]) / (w.sum([3, 4]) + 1e-6);                    // [N, C, S]
        }
        return cat([appearance.unsqueeze(2).expand(-1, -1, steps), motionFeatures], 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mask logits <c>[B, N, F, T]</c> of B mixtures <c>[B, 1, F, T]</c> (log warped magnitudes) for their B·N sources'
    /// conditions <c>[B·N, D, S]</c> (mixture-major): the U-Net's encoder runs once per mixture, its decoder once per source.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit the network.</exception>
    public Tensor MaskLogits(Tensor logMixtures, Tensor condition, int sources)
    {
        if (logMixtures.dim() != 4 || logMixtures.shape[1] != 1)
            throw new ArgumentException($"The spectrogram must be [B, 1, F, T], got [{string.Join(", ", logMixtures.shape)}].", nameof(logMixtures));
        long batch = logMixtures.shape[0];
        if (condition.dim() != 3 || condition.shape[0] != batch * sources || condition.shape[1] != ConditionWidth)
            throw new ArgumentException($"The condition must be [{batch * sources}, {ConditionWidth}, S], got [{string.Join(", ", condition.shape)}].", nameof(condition));
        Architecture.Separation.ValidateSpectrogram(logMixtures.shape[2], logMixtures.shape[3]);
        using var scope = NewDisposeScope();
        Tensor logits = FeatureModulation.ModulatedForward(sound, films, logMixtures, condition);
        return logits.reshape(batch, sources, logits.shape[2], logits.shape[3]).MoveToOuterDisposeScope();
    }

    /// <summary>The mask logits of B mixtures for their sources' frames and trajectories (<see cref="Condition"/> then <see cref="MaskLogits"/>).</summary>
    public Tensor Forward(Tensor logMixtures, Tensor frames, Tensor trajectories, int sources)
    {
        using var scope = NewDisposeScope();
        return MaskLogits(logMixtures, Condition(frames, trajectories), sources).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            sound.Dispose();
            frame.Dispose();
            motion.Dispose();
            attention.Dispose();
            films.Dispose();
        }
        base.Dispose(disposing);
    }
}
