using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Towers;

/// <summary>
/// A mixed-convolution video tower (see <see cref="MixedConvolutionArchitecture"/>): input clips <c>[B, C, T, H, W]</c>,
/// output the feature maps <c>[B, widths[^1], T, h, w]</c>, one per frame, with motion seen by the 3D blocks.
/// </summary>
internal sealed class MixedConvTower : nn.Module<Tensor, Tensor>
{
    private readonly Sequential spatioTemporal;
    private readonly Sequential spatial;
    private readonly bool _hasSpatial;

    /// <summary>Builds the tower for <paramref name="inputChannels"/> input planes.</summary>
    public MixedConvTower(string name, int inputChannels, MixedConvolutionArchitecture architecture) : base(name)
    {
        architecture.Validate(name);
        var blocks3d = new List<(string, nn.Module<Tensor, Tensor>)>();
        var blocks2d = new List<(string, nn.Module<Tensor, Tensor>)>();
        int channels = inputChannels, last = architecture.Widths.Length - 1;
        for (int block = 0; block <= last; block++)
        {
            bool is3d = block < architecture.SpatioTemporalBlocks;
            var target = is3d ? blocks3d : blocks2d;
            int width = architecture.Widths[block];
            for (int conv = 0; conv < architecture.ConvolutionsPerBlock; conv++)
            {
                // BatchNorm follows, so the convolution needs no bias.
                target.Add(($"conv{block}_{conv}", is3d
                    ? nn.Conv3d(channels, width, kernel_size: 3, padding: 1, bias: false)
                    : nn.Conv2d(channels, width, kernel_size: 3, padding: 1, bias: false)));
                target.Add(($"bn{block}_{conv}", new BatchNormalization(width)));
                target.Add(($"relu{block}_{conv}", nn.ReLU()));
                channels = width;
            }
            // Pool the picture, never the clip: the output keeps one step per frame.
            if (block < last) target.Add(($"pool{block}", is3d ? nn.MaxPool3d(kernel_size: (1, 2, 2)) : nn.MaxPool2d(kernel_size: 2)));
        }
        spatioTemporal = nn.Sequential(blocks3d);
        spatial = nn.Sequential(blocks2d);
        _hasSpatial = blocks2d.Count > 0;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor clips)
    {
        var maps = spatioTemporal.forward(clips);
        if (!_hasSpatial) return maps;
        // Frames go through the 2D blocks as a batch of pictures: [B, C, T, H, W] -> [B*T, C, H, W] and back.
        long batch = maps.shape[0], frames = maps.shape[2];
        var pictures = maps.permute(0, 2, 1, 3, 4).reshape(batch * frames, maps.shape[1], maps.shape[3], maps.shape[4]);
        var features = spatial.forward(pictures);
        return features.reshape(batch, frames, features.shape[1], features.shape[2], features.shape[3]).permute(0, 2, 1, 3, 4);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            spatioTemporal.Dispose();
            spatial.Dispose();
        }
        base.Dispose(disposing);
    }
}
