using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// AVE-Net ("Objects that Sound", Arandjelovic &amp; Zisserman 2018): each tower ends in global max
/// pooling and fully connected layers giving an L2-normalised embedding; the only cross-modal path is
/// the Euclidean distance between the two embeddings, fed to a tiny FC(1-&gt;2). Embeddings of the two
/// modalities are therefore directly comparable (cross-modal retrieval).
/// </summary>
internal sealed class AveNet : AvcNetwork
{
    /// <summary>Scale s of the calibrated head: the logit margin starts as 2 s (c - d).</summary>
    public const double CalibrationScale = 5.0;

    private readonly ConvTower visual;
    private readonly nn.Module<Tensor, Tensor> visualHead;
    private readonly ConvTower audio;
    private readonly nn.Module<Tensor, Tensor> audioHead;
    private readonly Linear distanceHead;

    /// <summary>Builds the network.</summary>
    /// <param name="visualChannels">Channels of the images (3 for RGB, 1 for grey).</param>
    /// <param name="tower">Tower shape, used for both modalities.</param>
    /// <param name="embeddingDimension">Embedding length (128 in the paper).</param>
    /// <param name="hiddenDimension">Width of a hidden FC layer before the embedding (128 in the paper), or null for a single FC.</param>
    public AveNet(int visualChannels, TowerArchitecture tower, int embeddingDimension = 128, int? hiddenDimension = null) : base("AveNet")
    {
        EmbeddingDimension = embeddingDimension;
        visual = new ConvTower("visual", visualChannels, tower);
        visualHead = Head(tower.OutputChannels, embeddingDimension, hiddenDimension);
        audio = new ConvTower("audio", 1, tower);
        audioHead = Head(tower.OutputChannels, embeddingDimension, hiddenDimension);
        distanceHead = nn.Linear(1, 2);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int EmbeddingDimension { get; }

    /// <inheritdoc />
    public override Tensor EmbedVisual(Tensor images) =>
        nn.functional.normalize(visualHead.forward(ConvTower.GlobalMaxPool(visual.forward(images))), p: 2, dim: 1);

    /// <inheritdoc />
    public override Tensor EmbedAudio(Tensor spectrograms) =>
        nn.functional.normalize(audioHead.forward(ConvTower.GlobalMaxPool(audio.forward(spectrograms))), p: 2, dim: 1);

    /// <inheritdoc />
    public override Tensor Correspondence(Tensor visualEmbeddings, Tensor audioEmbeddings) =>
        distanceHead.forward(Distance(visualEmbeddings, audioEmbeddings));

    /// <inheritdoc />
    public override Tensor PoolFrames(Tensor frameEmbeddings) => nn.functional.normalize(frameEmbeddings.mean([1]), p: 2, dim: 1);

    /// <summary>Euclidean distances <c>[B, 1]</c> between paired embeddings.</summary>
    public static Tensor Distance(Tensor visualEmbeddings, Tensor audioEmbeddings) =>
        (visualEmbeddings - audioEmbeddings).pow(2).sum(1, keepdim: true).add(1e-12).sqrt();

    /// <summary>
    /// With PyTorch's default initialisation the FC(1-&gt;2) head on the distance leaves training stuck at
    /// 50 % for hundreds of steps. Starting it at logit margin <c>2 s (c - d)</c>, with <c>c</c> the mean
    /// distance of the first batch, makes it learn at once (observed in the reference runs).
    /// </summary>
    protected override void CalibrateFromEmbeddings(Tensor visualEmbeddings, Tensor audioEmbeddings)
    {
        double c = Distance(visualEmbeddings, audioEmbeddings).mean().item<float>();
        double s = CalibrationScale;
        distanceHead.weight!.copy_(tensor(new float[] { (float)s, (float)-s }, [2, 1]));
        distanceHead.bias!.copy_(tensor(new float[] { (float)(-s * c), (float)(s * c) }, [2]));
    }

    internal ConvTower VisualTower => visual;

    internal ConvTower AudioTower => audio;

    internal nn.Module<Tensor, Tensor> VisualHead => visualHead;

    internal nn.Module<Tensor, Tensor> AudioHead => audioHead;

    /// <summary>The FC layers after a tower: one Linear to the embedding, or Linear - ReLU - Linear through a hidden width.</summary>
    internal static nn.Module<Tensor, Tensor> Head(int input, int embedding, int? hidden) => hidden is int h
        ? nn.Sequential(("fc1", nn.Linear(input, h)), ("relu", nn.ReLU()), ("fc2", nn.Linear(h, embedding)))
        : nn.Sequential(("fc1", nn.Linear(input, embedding)));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            visual.Dispose();
            visualHead.Dispose();
            audio.Dispose();
            audioHead.Dispose();
            distanceHead.Dispose();
        }
        base.Dispose(disposing);
    }
}
