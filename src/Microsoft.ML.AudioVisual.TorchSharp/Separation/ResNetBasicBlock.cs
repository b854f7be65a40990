using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The basic residual block of ResNet-18/34 (torchvision's <c>BasicBlock</c>, same state-dict names): two 3 x 3
/// conv-BN layers and a shortcut, with optional dilation for output-stride-preserving variants.
/// </summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNormalization bn1;
    private readonly Conv2d conv2;
    private readonly BatchNormalization bn2;
    private readonly Sequential? downsample;

    /// <param name="input">Input channels.</param>
    /// <param name="output">Output channels.</param>
    /// <param name="stride">Stride of the first convolution (and of the 1 x 1 shortcut projection).</param>
    /// <param name="firstDilation">Dilation (= padding) of the first 3 x 3 convolution.</param>
    /// <param name="secondDilation">Dilation (= padding) of the second 3 x 3 convolution.</param>
    /// <param name="project">Whether the shortcut is a 1 x 1 conv-BN projection (channel or stride change).</param>
    public ResNetBasicBlock(int input, int output, int stride, int firstDilation, int secondDilation, bool project) : base("block")
    {
        conv1 = nn.Conv2d(input, output, kernel_size: 3, stride: stride, padding: firstDilation, dilation: firstDilation, bias: false);
        bn1 = new BatchNormalization(output);
        conv2 = nn.Conv2d(output, output, kernel_size: 3, padding: secondDilation, dilation: secondDilation, bias: false);
        bn2 = new BatchNormalization(output);
        downsample = project
            ? nn.Sequential(("0", nn.Conv2d(input, output, kernel_size: 1, stride: stride, bias: false)), ("1", new BatchNormalization(output)))
            : null;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        Tensor shortcut = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(x + shortcut).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            downsample?.Dispose();
        }
        base.Dispose(disposing);
    }
}
