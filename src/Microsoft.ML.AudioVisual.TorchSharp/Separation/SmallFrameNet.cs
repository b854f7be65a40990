using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The CPU frame net: a VGG-style <see cref="ConvTower"/> and a 3 x 3 convolution to K channels. Input
/// <c>[N, 3, H, W]</c>, output <c>[N, K, h, w]</c> with the tower's output size.
/// </summary>
internal sealed class SmallFrameNet : nn.Module<Tensor, Tensor>
{
    private readonly ConvTower tower;
    private readonly Conv2d projection;

    /// <summary>Builds the tower of <paramref name="architecture"/> and a projection to <paramref name="channels"/> (K).</summary>
    public SmallFrameNet(TowerArchitecture architecture, int channels) : base("frame")
    {
        tower = new ConvTower("tower", 3, architecture);
        projection = nn.Conv2d(architecture.OutputChannels, channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor images)
    {
        using var features = tower.forward(images);
        return projection.forward(features);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tower.Dispose();
            projection.Dispose();
        }
        base.Dispose(disposing);
    }
}
