using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Models;

/// <summary>
/// A two-tower audio-visual correspondence network: embeds images and spectrograms, and scores whether
/// an image and a sound belong together (logits over {does not correspond, corresponds}).
/// Pure TorchSharp, no ML.NET types, so it can be tested with plain tensors.
/// </summary>
public abstract class AvcNetwork : nn.Module
{
    /// <summary>Creates the module.</summary>
    protected AvcNetwork(string name) : base(name)
    {
    }

    /// <summary>Length of the embeddings <see cref="EmbedVisual"/> and <see cref="EmbedAudio"/> return.</summary>
    public abstract int EmbeddingDimension { get; }

    /// <summary>Images <c>[B, C, H, W]</c> to embeddings <c>[B, D]</c>.</summary>
    public abstract Tensor EmbedVisual(Tensor images);

    /// <summary>Spectrograms <c>[B, 1, F, T]</c> to embeddings <c>[B, D]</c>.</summary>
    public abstract Tensor EmbedAudio(Tensor spectrograms);

    /// <summary>Correspondence logits <c>[B, 2]</c> (index 1 = corresponds) from paired embeddings.</summary>
    public abstract Tensor Correspondence(Tensor visualEmbeddings, Tensor audioEmbeddings);

    /// <summary>
    /// Sets data-dependent initial values from a first batch (AVE-Net's distance head); a no-op for
    /// networks that need none.
    /// </summary>
    public virtual void CalibrateFromFirstBatch(Tensor visualEmbeddings, Tensor audioEmbeddings, Tensor corresponds)
    {
    }

    /// <summary>
    /// Combines the embeddings of the frames of one clip, <c>[B, T, D]</c>, into one per clip, <c>[B, D]</c>:
    /// the mean (renormalised by networks whose embeddings live on the unit sphere).
    /// </summary>
    public virtual Tensor PoolFrames(Tensor frameEmbeddings) => frameEmbeddings.mean([1]);

    /// <summary>Logits for images and spectrograms in one call.</summary>
    public Tensor Forward(Tensor images, Tensor spectrograms) => Correspondence(EmbedVisual(images), EmbedAudio(spectrograms));
}
