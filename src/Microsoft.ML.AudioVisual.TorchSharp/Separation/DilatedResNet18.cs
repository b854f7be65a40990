using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official frame net (<c>ResnetDilated(resnet18, fc_dim, dilate_scale=16)</c>): ResNet-18 without average pooling
/// and classifier, layer4's stride replaced by dilation (output stride 16), then a 3 x 3 convolution to K channels.
/// Input <c>[N, 3, H, W]</c> (ImageNet-normalised RGB), output <c>[N, K, H/16, W/16]</c> (14 x 14 at 224 px).
/// </summary>
/// <remarks>
/// Dilation follows the official <c>_nostride_dilate(dilate=2)</c> on layer4: its strided 3 x 3 convolution gets
/// stride 1 and dilation 1, every other 3 x 3 convolution dilation 2 (padding 2), and the strided 1 x 1 shortcut
/// stride 1. State-dict names follow torchvision's (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, ...);
/// <see cref="OfficialCheckpointNames"/> maps the official <c>features.N</c> / <c>fc</c> names.
/// </remarks>
internal sealed class DilatedResNet18 : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNormalization bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Conv2d projection;

    /// <summary>Builds the network with <paramref name="channels"/> (K) output channels.</summary>
    public DilatedResNet18(int channels) : base("frame")
    {
        conv1 = nn.Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = new BatchNormalization(64);
        layer1 = Layer(64, 64, stride: 1, dilation: 1);
        layer2 = Layer(64, 128, stride: 2, dilation: 1);
        layer3 = Layer(128, 256, stride: 2, dilation: 1);
        layer4 = Layer(256, 512, stride: 1, dilation: 2);
        projection = nn.Conv2d(512, channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.forward(conv1.forward(images)));
        x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1);
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return projection.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Two basic blocks. A dilated layer (dilation d &gt; 1) stands for a stride-2 layer whose stride was removed:
    /// its first convolution keeps dilation d/2 and the rest get d, and its shortcut projects without striding.
    /// </summary>
    private static Sequential Layer(int input, int output, int stride, int dilation)
    {
        bool project = stride != 1 || input != output;
        int first = dilation > 1 ? dilation / 2 : 1;
        return nn.Sequential(
            ("0", new ResNetBasicBlock(input, output, stride, first, dilation, project)),
            ("1", new ResNetBasicBlock(output, output, 1, dilation, dilation, project: false)));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            layer1.Dispose();
            layer2.Dispose();
            layer3.Dispose();
            layer4.Dispose();
            projection.Dispose();
        }
        base.Dispose(disposing);
    }
}
