using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The sound net of Sound of Pixels: a U-Net (pix2pix style) from a log-magnitude spectrogram <c>[B, 1, F, T]</c> to
/// K feature maps <c>[B, K, F, T]</c>. Written as flat encoder and decoder lists instead of the official recursion;
/// <see cref="OfficialCheckpointNames"/> maps the names.
/// </summary>
/// <remarks>
/// <para>
/// Encoder level i halves both axes with a 4 x 4 stride-2 convolution (no bias), followed by BatchNorm on the levels
/// between the outermost and the innermost. Every level but the innermost is followed by LeakyReLU(0.2), and that
/// activated map is both the next level's input and the skip connection: in the official code the in-place
/// LeakyReLU at the start of the next level rewrites the tensor before it is concatenated, so the skip carries the
/// activated values.
/// </para>
/// <para>
/// Decoder level i: ReLU, bilinear up-sampling by 2 (align_corners=True), 3 x 3 convolution, BatchNorm; its input is
/// the innermost encoder output (level Downs - 1) or the concatenation [skip_i, decoder_(i+1) output]. The outermost
/// decoder convolution has a bias and no BatchNorm, and gives the K output channels.
/// </para>
/// </remarks>
internal sealed class SoundUNet : nn.Module<Tensor, Tensor>
{
    private const double LeakySlope = 0.2;

    // Held for the module's lifetime, not converted at each call: see BatchNormalization's remarks.
    private readonly Scalar leakySlope = LeakySlope.ToScalar();

    private readonly BatchNormalization? inputNorm;
    private readonly ModuleList<UNetStage> encoder;
    private readonly ModuleList<UNetStage> decoder;

    /// <summary>Builds the U-Net of <paramref name="architecture"/> (validated by the caller).</summary>
    /// <param name="architecture">Levels and widths.</param>
    /// <param name="outputChannels">Channels of the outermost decoder level; null for K (<see cref="SeparationArchitecture.Channels"/>).</param>
    public SoundUNet(SeparationArchitecture architecture, int? outputChannels = null) : base("sound")
    {
        int downs = architecture.Downs;
        inputNorm = architecture.InputBatchNorm ? new BatchNormalization(1) : null;
        var encoders = new List<UNetStage>();
        for (int level = 0; level < downs; level++)
        {
            int input = level == 0 ? 1 : architecture.LevelWidth(level - 1);
            bool normalised = level > 0 && level < downs - 1;
            encoders.Add(UNetStage.Down(input, architecture.LevelWidth(level), normalised));
        }
        var decoders = new List<UNetStage>();
        for (int level = 0; level < downs; level++)
        {
            int output = level == 0 ? outputChannels ?? architecture.Channels : architecture.LevelWidth(level - 1);
            int input = level == downs - 1 ? architecture.LevelWidth(level) : 2 * architecture.LevelWidth(level);
            decoders.Add(UNetStage.Up(input, output, outermost: level == 0, architecture.Upsampling));
        }
        encoder = nn.ModuleList(encoders.ToArray());
        decoder = nn.ModuleList(decoders.ToArray());
        RegisterComponents();
    }

    /// <summary>Levels (2^Downs halves both spectrogram axes down to the bottleneck).</summary>
    public int Levels => encoder.Count;

    /// <inheritdoc />
    public override Tensor forward(Tensor spectrogram)
    {
        using var scope = NewDisposeScope();
        var (bottleneck, skips) = Encode(spectrogram);
        return Decode(bottleneck, skips, null).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The encoder: the innermost level's output (the bottleneck, before the decoder's ReLU) and the activated skip maps of
    /// the other levels, outermost first.
    /// </summary>
    public (Tensor Bottleneck, Tensor[] Skips) Encode(Tensor spectrogram)
    {
        Tensor x = inputNorm is null ? spectrogram : inputNorm.forward(spectrogram);
        int downs = encoder.Count;
        var skips = new Tensor[downs - 1];
        for (int level = 0; level < downs - 1; level++)
        {
            x = encoder[level].forward(x).leaky_relu(leakySlope);
            skips[level] = x;
        }
        return (encoder[downs - 1].forward(x), skips);
    }

    /// <summary>
    /// The decoder from <see cref="Encode"/>'s outputs. <paramref name="modulate"/>, when given, rewrites the bottleneck
    /// (level <see cref="Levels"/>) and every decoder level's output but the outermost (level i = that level's index) before
    /// they go on, as feature-wise linear modulation does.
    /// </summary>
    public Tensor Decode(Tensor bottleneck, IReadOnlyList<Tensor> skips, Func<int, Tensor, Tensor>? modulate)
    {
        int downs = encoder.Count;
        Tensor Modulate(int level, Tensor x) => modulate is null ? x : modulate(level, x);
        Tensor y = Modulate(downs - 1, decoder[downs - 1].forward(Modulate(downs, bottleneck)));
        for (int level = downs - 2; level >= 0; level--)
        {
            y = decoder[level].forward(cat([skips[level], y], 1));
            if (level > 0) y = Modulate(level, y);
        }
        return y;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inputNorm?.Dispose();
            encoder.Dispose();
            decoder.Dispose();
            leakySlope.Dispose();
        }
        base.Dispose(disposing);
    }
}
