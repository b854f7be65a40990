using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// A two-tower audio-visual correspondence network: embeds images and spectrograms, one embedding
/// <c>[B, D]</c> each, and scores whether an image and a sound belong together (logits over {does not
/// correspond, corresponds}). Pure TorchSharp, no ML.NET types, so it can be tested with plain tensors.
/// </summary>
internal abstract class AvcNetwork : nn.Module, ICorrespondenceNetwork
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

    /// <summary>Sets data-dependent initial values from embeddings of a first batch; a no-op for networks that need none.</summary>
    protected virtual void CalibrateFromEmbeddings(Tensor visualEmbeddings, Tensor audioEmbeddings)
    {
    }

    /// <inheritdoc />
    public void CalibrateOn(Tensor images, Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        CalibrateFromEmbeddings(EmbedVisual(images), EmbedAudio(spectrograms));
    }

    /// <summary>
    /// Combines the embeddings of the frames of one clip, <c>[B, T, D]</c>, into one per clip, <c>[B, D]</c>:
    /// the mean (renormalised by networks whose embeddings live on the unit sphere).
    /// </summary>
    public virtual Tensor PoolFrames(Tensor frameEmbeddings) => frameEmbeddings.mean([1]);

    /// <inheritdoc />
    public Tensor CorrespondenceLogits(Tensor images, Tensor spectrograms) => Correspondence(EmbedVisual(images), EmbedAudio(spectrograms));
}
