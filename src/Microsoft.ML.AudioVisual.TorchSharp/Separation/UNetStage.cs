using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// One U-Net level on one side: a down stage (4 x 4 stride-2 convolution, optional BatchNorm) or an up stage (ReLU,
/// then bilinear up-sampling by 2 with aligned corners and a 3 x 3 convolution, or a 4 x 4 stride-2 transposed
/// convolution; BatchNorm unless outermost).
/// </summary>
internal sealed class UNetStage : nn.Module<Tensor, Tensor>
{
    private readonly bool up;
    private readonly bool interpolate;
    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly BatchNormalization? norm;

    private UNetStage(bool up, bool interpolate, nn.Module<Tensor, Tensor> conv, BatchNormalization? norm) : base(up ? "up" : "down")
    {
        this.up = up;
        this.interpolate = interpolate;
        this.conv = conv;
        this.norm = norm;
        RegisterComponents();
    }

    /// <summary>A down stage from <paramref name="input"/> to <paramref name="output"/> channels.</summary>
    public static UNetStage Down(int input, int output, bool normalised) =>
        new(false, false, nn.Conv2d(input, output, kernel_size: 4, stride: 2, padding: 1, bias: false), normalised ? new BatchNormalization(output) : null);

    /// <summary>An up stage; the outermost one has a biased convolution and no BatchNorm.</summary>
    public static UNetStage Up(int input, int output, bool outermost, UNetUpsampling upsampling)
    {
        bool bilinear = upsampling == UNetUpsampling.BilinearConvolution;
        nn.Module<Tensor, Tensor> conv = bilinear
            ? nn.Conv2d(input, output, kernel_size: 3, padding: 1, bias: outermost)
            : nn.ConvTranspose2d(input, output, kernel_size: 4, stride: 2, padding: 1, bias: outermost);
        return new(true, bilinear, conv, outermost ? null : new BatchNormalization(output));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        if (up) x = nn.functional.relu(x);
        if (interpolate) x = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: true);
        x = conv.forward(x);
        if (norm is not null) x = norm.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
            norm?.Dispose();
        }
        base.Dispose(disposing);
    }
}
