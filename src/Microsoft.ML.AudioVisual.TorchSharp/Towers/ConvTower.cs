using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Towers;

/// <summary>
/// A VGG-style tower (see <see cref="TowerArchitecture"/>): input <c>[B, C, H, W]</c>, output the feature
/// map <c>[B, widths[^1], h, w]</c>. Shared by the audio and visual sides of every model.
/// </summary>
internal sealed class ConvTower : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the tower for <paramref name="inputChannels"/> input planes.</summary>
    public ConvTower(string name, int inputChannels, TowerArchitecture architecture) : base(name)
    {
        architecture.Validate(name);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = inputChannels;
        for (int block = 0; block < architecture.Widths.Length; block++)
        {
            for (int conv = 0; conv < architecture.ConvolutionsPerBlock; conv++)
            {
                int width = architecture.Widths[block];
                // BatchNorm follows, so the convolution needs no bias.
                modules.Add(($"conv{block}_{conv}", nn.Conv2d(channels, width, kernel_size: 3, padding: 1, bias: false)));
                modules.Add(($"bn{block}_{conv}", new BatchNormalization(width)));
                modules.Add(($"relu{block}_{conv}", nn.ReLU()));
                channels = width;
            }
            if (block < architecture.PoolingSteps)
                modules.Add(($"pool{block}", architecture.PoolsSecondAxis(block) ? nn.MaxPool2d(kernel_size: 2) : nn.MaxPool2d(kernel_size: (2, 1))));
        }
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => layers.forward(input);

    /// <summary>Global max pooling of a feature map: <c>[B, C, h, w]</c> to <c>[B, C]</c>.</summary>
    public static Tensor GlobalMaxPool(Tensor map) => map.amax([2, 3]);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) layers.Dispose();
        base.Dispose(disposing);
    }
}
