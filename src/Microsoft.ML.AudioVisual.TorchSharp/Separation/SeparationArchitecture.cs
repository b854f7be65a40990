using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Shape of a Sound of Pixels ("The Sound of Pixels", Zhao et al., ECCV 2018) mix-and-separate network: a U-Net
/// sound net that turns the log-frequency log-magnitude spectrogram of a mixture into K feature maps, a frame net
/// that turns video frames into K visual features, and a linear synthesizer that combines them into a mask.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Paper"/> is exactly the architecture of the official code (arguments.py defaults of the released
/// model): U-Net with 7 down-sampling levels and base width 64 on a 256 x 256 spectrogram, K = 32, the dilated
/// ResNet-18 frame net with max pooling over frames and space, sigmoid on the visual features. Its official
/// front-end is 11025 Hz audio, 65535-sample clips, STFT 1022 / 256 (512 bins x 256 frames) warped to 256
/// log-frequency bins, three 224 x 224 frames.
/// </para>
/// <para>
/// <see cref="Small"/> is for CPU training on small data (e.g. AV-MNIST-FSDD) with <see cref="SeparationFrontEnd.Small"/>:
/// 8 kHz audio, STFT 256 / 128 (129 linear bins) warped to 128 log-frequency bins, 4095-sample clips (0.51 s) giving
/// 32 frames, so the spectrogram is 128 x 32; a U-Net with 5 levels and base width 16 (widths 16-32-64-128-128, about
/// 1.05 M parameters, a 4 x 1 bottleneck) whose decoder up-samples by transposed convolutions
/// (<see cref="UNetUpsampling.TransposedConvolution"/>: 1.8x the training steps per second of the official bilinear
/// decoder) and is conditioned on each source's picture (<see cref="ConditionSoundNet"/>), K = 16, and a 16-32-64-128
/// conv tower on 64 x 64 frames (an 8 x 8 map, about 0.12 M parameters) with global max pooling. On AV-MNIST-FSDD's
/// test split, after the same 18 minutes of training: 4.8 dB NSDR with the official decoder and late fusion only, 5.4
/// with the transposed decoder, 5.7 with both.
/// </para>
/// <para>The spectrogram's height and width must be multiples of <see cref="SpectrogramMultiple"/> (2^<see cref="Downs"/>).</para>
/// </remarks>
public sealed record SeparationArchitecture
{
    /// <summary>Deepest U-Net the architecture accepts (2^10 = 1024 bins and frames).</summary>
    public const int MaxDowns = 10;

    /// <summary>Down-sampling levels of the U-Net sound net (the official <c>unet7</c> has 7). Each halves both axes.</summary>
    public int Downs { get; init; } = 7;

    /// <summary>Base width (pix2pix's <c>ngf</c>): level i has <c>Width · 2^min(i, 3)</c> channels (64 in the paper).</summary>
    public int Width { get; init; } = 64;

    /// <summary>K, the number of sound components and visual features (the official <c>num_channels</c>, 32).</summary>
    public int Channels { get; init; } = 32;

    /// <summary>How the decoder levels up-sample (the official bilinear up-sampling and 3 x 3 convolution by default).</summary>
    public UNetUpsampling Upsampling { get; init; } = UNetUpsampling.BilinearConvolution;

    /// <summary>Whether the spectrogram passes a one-channel BatchNorm before the U-Net (the official <c>bn0</c>).</summary>
    public bool InputBatchNorm { get; init; } = true;

    /// <summary>The frame net.</summary>
    public FrameNetKind FrameNet { get; init; } = FrameNetKind.ResNet18Dilated;

    /// <summary>The conv tower of a <see cref="FrameNetKind.Small"/> frame net (ignored by the ResNet).</summary>
    public TowerArchitecture FrameTower { get; init; } = new() { Widths = [16, 32, 64, 128], PoolAfterLastBlock = false };

    /// <summary>Activation on the pooled visual features (sigmoid in the paper).</summary>
    public FeatureActivation ImageActivation { get; init; } = FeatureActivation.Sigmoid;

    /// <summary>
    /// Whether each source's visual features also condition the sound net (FiLM of its bottleneck and decoder levels by
    /// the K features), so that the U-Net computes its K maps for that source instead of one set shared by all sources
    /// (false in the paper: the visual features meet the sound only in the synthesizer). The encoder still runs once
    /// per mixture; the decoder runs once per source.
    /// </summary>
    public bool ConditionSoundNet { get; init; }

    /// <summary>The official architecture (see the remarks).</summary>
    public static SeparationArchitecture Paper => new();

    /// <summary>The CPU preset (see the remarks).</summary>
    public static SeparationArchitecture Small => new()
    {
        Downs = 5,
        Width = 16,
        Channels = 16,
        Upsampling = UNetUpsampling.TransposedConvolution,
        ConditionSoundNet = true,
        FrameNet = FrameNetKind.Small,
    };

    /// <summary>
    /// The CPU preset as it was before the transposed decoder and the conditioned sound net: <see cref="Small"/> with the
    /// official bilinear decoder and late fusion only. Sound of Motions and the instrument demo were measured with it.
    /// </summary>
    public static SeparationArchitecture SmallBilinear => Small with { Upsampling = UNetUpsampling.BilinearConvolution, ConditionSoundNet = false };

    /// <summary>Spectrogram heights and widths must be multiples of this (2^<see cref="Downs"/>).</summary>
    public int SpectrogramMultiple => 1 << Downs;

    /// <summary>Channels of U-Net level <paramref name="level"/> (0 = outermost).</summary>
    public int LevelWidth(int level) => Width << Math.Min(level, 3);

    /// <summary>Throws when the architecture is unusable; <paramref name="name"/> names it in the message.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public void Validate(string name = nameof(SeparationArchitecture))
    {
        if (Downs < 2 || Downs > MaxDowns)
            throw new ArgumentOutOfRangeException(nameof(Downs), Downs, $"{name}: Downs must be between 2 and {MaxDowns}.");
        if (Width < 1)
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"{name}: Width must be positive.");
        if (Channels < 1)
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, $"{name}: Channels (K) must be positive.");
        if (!Enum.IsDefined(Upsampling))
            throw new ArgumentOutOfRangeException(nameof(Upsampling), Upsampling, $"{name}: unknown up-sampling.");
        if (!Enum.IsDefined(FrameNet))
            throw new ArgumentOutOfRangeException(nameof(FrameNet), FrameNet, $"{name}: unknown frame net.");
        if (!Enum.IsDefined(ImageActivation))
            throw new ArgumentOutOfRangeException(nameof(ImageActivation), ImageActivation, $"{name}: unknown image activation.");
        if (FrameNet == FrameNetKind.Small)
        {
            if (FrameTower is null)
                throw new ArgumentOutOfRangeException(nameof(FrameTower), $"{name}: a Small frame net needs FrameTower.");
            FrameTower.Validate($"{name}.{nameof(FrameTower)}");
        }
    }

    /// <summary>Throws when a spectrogram of <paramref name="bins"/> x <paramref name="frames"/> does not fit the U-Net.</summary>
    /// <exception cref="ArgumentException">A side is not a positive multiple of <see cref="SpectrogramMultiple"/>.</exception>
    public void ValidateSpectrogram(long bins, long frames)
    {
        int multiple = SpectrogramMultiple;
        if (bins < multiple || frames < multiple || bins % multiple != 0 || frames % multiple != 0)
            throw new ArgumentException(
                $"The spectrogram is {bins} x {frames} (bins x frames), but a U-Net with {Downs} levels needs both sides to be positive multiples of {multiple}.");
    }
}
