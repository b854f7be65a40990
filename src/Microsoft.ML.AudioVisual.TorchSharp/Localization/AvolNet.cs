using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Towers;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>
/// AVOL-Net ("Objects that Sound", Arandjelovic &amp; Zisserman 2018): the visual tower keeps its spatial
/// grid and its fully connected layers become 1x1 convolutions, giving an L2-normalised embedding per grid
/// cell; the audio tower gives one embedding. A dot product per cell, a learned calibration (scale, bias)
/// and a sigmoid make the correspondence map; the image-level score is its maximum (multiple-instance
/// learning), so training needs no location labels.
/// </summary>
internal sealed class AvolNet : nn.Module, ICorrespondenceNetwork
{
    private readonly ConvTower visual;
    private readonly Sequential visualHead;
    private readonly ConvTower audio;
    private readonly nn.Module<Tensor, Tensor> audioHead;
    private readonly Parameter calibrationScale;
    private readonly Parameter calibrationBias;

    /// <summary>Builds the network.</summary>
    /// <param name="visualChannels">Channels of the images.</param>
    /// <param name="tower">Tower shape (the visual tower is built without its last pool, keeping a finer grid).</param>
    /// <param name="embeddingDimension">Embedding length.</param>
    /// <param name="hiddenDimension">Hidden width before the embedding, or null for one layer (as the AVE-Net it starts from).</param>
    public AvolNet(int visualChannels, TowerArchitecture tower, int embeddingDimension = 128, int? hiddenDimension = null) : base("AvolNet")
    {
        EmbeddingDimension = embeddingDimension;
        Tower = tower with { PoolAfterLastBlock = false };
        visual = new ConvTower("visual", visualChannels, Tower);
        visualHead = hiddenDimension is int h
            ? nn.Sequential(("fc1", nn.Conv2d(tower.OutputChannels, h, 1)), ("relu", nn.ReLU()), ("fc2", nn.Conv2d(h, embeddingDimension, 1)))
            : nn.Sequential(("fc1", nn.Conv2d(tower.OutputChannels, embeddingDimension, 1)));
        audio = new ConvTower("audio", 1, tower);
        audioHead = AveNet.Head(tower.OutputChannels, embeddingDimension, hiddenDimension); // same layers (and names) as the AVE-Net it starts from
        calibrationScale = nn.Parameter(tensor(new float[] { 5f }));
        calibrationBias = nn.Parameter(tensor(new float[] { 0f }));
        RegisterComponents();
    }

    /// <summary>The tower shape as built (visual side without its last pool).</summary>
    public TowerArchitecture Tower { get; }

    /// <summary>Embedding length.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Per-cell visual embeddings <c>[B, D, h, w]</c>, unit length along D.</summary>
    public Tensor EmbedVisual(Tensor images) => nn.functional.normalize(visualHead.forward(visual.forward(images)), p: 2, dim: 1);

    /// <summary>Audio embeddings <c>[B, D]</c>, unit length.</summary>
    public Tensor EmbedAudio(Tensor spectrograms) =>
        nn.functional.normalize(audioHead.forward(ConvTower.GlobalMaxPool(audio.forward(spectrograms))), p: 2, dim: 1);

    /// <summary>Calibrated correspondence logits per cell, <c>[B, h, w]</c>.</summary>
    public Tensor CorrespondenceMap(Tensor visualMaps, Tensor audioEmbeddings)
    {
        var similarity = (visualMaps * audioEmbeddings.unsqueeze(-1).unsqueeze(-1)).sum(1);
        return similarity * calibrationScale + calibrationBias;
    }

    /// <summary>Logits <c>[B, 2]</c> = (0, max over cells): cross-entropy on them is the MIL binary loss.</summary>
    public Tensor CorrespondenceLogits(Tensor images, Tensor spectrograms)
    {
        var best = CorrespondenceMap(EmbedVisual(images), EmbedAudio(spectrograms)).amax([1, 2]);
        return stack([zeros_like(best), best], 1);
    }

    /// <summary>Centres the calibration on the first batch: bias = -scale x mean best-cell similarity.</summary>
    public void CalibrateOn(Tensor images, Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var visualEmbeddings = EmbedVisual(images);
        var similarity = (visualEmbeddings * EmbedAudio(spectrograms).unsqueeze(-1).unsqueeze(-1)).sum(1).amax([1, 2]);
        calibrationBias.copy_(-calibrationScale * similarity.mean());
    }

    /// <summary>The parameters of the visual side and the calibration: what fine-tuning with a frozen audio side trains.</summary>
    public IEnumerable<Parameter> VisualParameters =>
        visual.parameters().Concat(visualHead.parameters()).Append(calibrationScale).Append(calibrationBias);

    /// <summary>
    /// Starts from a trained AVE-Net of the same tower shape: towers and audio head are copied, and the visual
    /// FC layers become the 1x1 convolutions they are equivalent to. Training from scratch with MIL stalls on
    /// CPU budgets; from a trained AVE-Net it learns to localise in minutes.
    /// </summary>
    public void InitializeFrom(AveNet source)
    {
        using var noGrad = no_grad();
        Copy(source.VisualTower, visual);
        Copy(source.AudioTower, audio);
        Copy(source.AudioHead, audioHead);
        var target = visualHead.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in source.VisualHead.named_parameters())
        {
            var destination = target[name];
            destination.copy_(parameter.reshape(destination.shape));
        }
    }

    private static void Copy(nn.Module source, nn.Module target)
    {
        var state = source.state_dict();
        target.load_state_dict(state, strict: true);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            visual.Dispose();
            visualHead.Dispose();
            audio.Dispose();
            audioHead.Dispose();
            calibrationScale.Dispose();
            calibrationBias.Dispose();
        }
        base.Dispose(disposing);
    }
}
