using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// L3-Net ("Look, Listen and Learn", Arandjelovic &amp; Zisserman 2017): two towers whose globally
/// max-pooled features are concatenated and fused by FC 128 - ReLU - FC 2. The embeddings are the
/// pooled tower features; unlike AVE-Net's they are not aligned across modalities.
/// </summary>
internal sealed class L3Net : AvcNetwork
{
    private readonly ConvTower visual;
    private readonly ConvTower audio;
    private readonly Sequential fusion;

    /// <summary>Builds the network.</summary>
    /// <param name="visualChannels">Channels of the images.</param>
    /// <param name="tower">Tower shape, used for both modalities.</param>
    /// <param name="fusionDimension">Width of the fusion layer (128 in the paper).</param>
    public L3Net(int visualChannels, TowerArchitecture tower, int fusionDimension = 128) : base("L3Net")
    {
        EmbeddingDimension = tower.OutputChannels;
        visual = new ConvTower("visual", visualChannels, tower);
        audio = new ConvTower("audio", 1, tower);
        fusion = nn.Sequential(
            ("fc1", nn.Linear(2 * tower.OutputChannels, fusionDimension)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(fusionDimension, 2)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int EmbeddingDimension { get; }

    /// <inheritdoc />
    public override Tensor EmbedVisual(Tensor images) => ConvTower.GlobalMaxPool(visual.forward(images));

    /// <inheritdoc />
    public override Tensor EmbedAudio(Tensor spectrograms) => ConvTower.GlobalMaxPool(audio.forward(spectrograms));

    /// <inheritdoc />
    public override Tensor Correspondence(Tensor visualEmbeddings, Tensor audioEmbeddings) =>
        fusion.forward(cat([visualEmbeddings, audioEmbeddings], 1));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            visual.Dispose();
            audio.Dispose();
            fusion.Dispose();
        }
        base.Dispose(disposing);
    }
}
