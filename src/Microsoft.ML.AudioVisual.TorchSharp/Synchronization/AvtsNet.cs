using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// The AVTS network (Korbar, Tran &amp; Torresani 2018): a mixed-convolution video tower over clips of consecutive frames
/// and a convolutional audio tower over the log-mel spectrogram of the same span, each followed by FC layers to an
/// L2-normalised embedding; a clip is in sync when the two embeddings are close. Both towers pool over the picture (or
/// the frequencies) but keep one feature vector per time step, flattened in time order into the FC layers, so that the
/// embeddings can tell when in the clip something happens. Pure TorchSharp, no ML.NET types.
/// </summary>
internal sealed class AvtsNet : nn.Module
{
    private readonly MixedConvTower visual;
    private readonly nn.Module<Tensor, Tensor> visualHead;
    private readonly ConvTower audio;
    private readonly nn.Module<Tensor, Tensor> audioHead;

    /// <summary>Builds the network for clips of the given shapes.</summary>
    public AvtsNet(SyncInputShapes shapes, MixedConvolutionArchitecture videoTower, TowerArchitecture audioTower, int embeddingDimension, int? hiddenDimension)
        : base("AvtsNet")
    {
        EmbeddingDimension = embeddingDimension;
        visual = new MixedConvTower("visual", shapes.Channels, videoTower);
        var (audioBins, audioSteps) = audioTower.OutputSize(shapes.AudioBins, shapes.ClipColumns);
        if (audioBins < 1 || audioSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(audioTower),
                $"The audio tower pools a {shapes.AudioBins} x {shapes.ClipColumns} clip spectrogram away (to {audioBins} x {audioSteps}): use fewer pools or longer clips.");
        var (height, width) = videoTower.OutputSize(shapes.Height, shapes.Width);
        if (height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(videoTower), $"The video tower pools {shapes.Height} x {shapes.Width} frames away: use fewer blocks or larger frames.");
        visualHead = Correspondence.AveNet.Head(videoTower.OutputChannels * shapes.ClipFrames, embeddingDimension, hiddenDimension);
        audio = new ConvTower("audio", 1, audioTower);
        audioHead = Correspondence.AveNet.Head(audioTower.OutputChannels * audioSteps, embeddingDimension, hiddenDimension);
        RegisterComponents();
    }

    /// <summary>Embedding length.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Clips <c>[B, C, T, H, W]</c> to unit embeddings <c>[B, D]</c>.</summary>
    public Tensor EmbedVisual(Tensor clips)
    {
        // [B, C', T, h, w] -> max over the picture -> [B, C', T] -> flattened in time order.
        var steps = visual.forward(clips).amax([3, 4]);
        return nn.functional.normalize(visualHead.forward(steps.flatten(1)), p: 2, dim: 1);
    }

    /// <summary>Clip spectrograms <c>[B, 1, F, S]</c> to unit embeddings <c>[B, D]</c>.</summary>
    public Tensor EmbedAudio(Tensor spectrograms)
    {
        // [B, C', f, t] -> max over the frequencies -> [B, C', t] -> flattened in time order.
        var steps = audio.forward(spectrograms).amax([2]);
        return nn.functional.normalize(audioHead.forward(steps.flatten(1)), p: 2, dim: 1);
    }

    /// <summary>Euclidean distances <c>[B]</c> between paired embeddings.</summary>
    public static Tensor Distance(Tensor visualEmbeddings, Tensor audioEmbeddings) =>
        (visualEmbeddings - audioEmbeddings).pow(2).sum(1).add(1e-12).sqrt();

    /// <summary>AVTS's contrastive loss, mean over the batch: <c>y d² + (1 - y) max(margin - d, 0)²</c> (y = 1 in sync).</summary>
    public static Tensor ContrastiveLoss(Tensor distances, Tensor inSync, double margin) =>
        (inSync * distances.pow(2) + (1 - inSync) * (margin - distances).clamp_min(0).pow(2)).mean();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            visual.Dispose();
            visualHead.Dispose();
            audio.Dispose();
            audioHead.Dispose();
        }
        base.Dispose(disposing);
    }
}
