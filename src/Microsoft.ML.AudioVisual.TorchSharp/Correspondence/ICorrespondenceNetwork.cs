using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// A network that decides whether an image and a sound belong together: all that correspondence training
/// needs of it. AVE-Net and L3-Net decide from one embedding per modality; AVOL-Net from the best cell of a
/// grid of visual embeddings. Pure TorchSharp, no ML.NET types.
/// </summary>
internal interface ICorrespondenceNetwork
{
    /// <summary>Logits <c>[B, 2]</c> (index 1 = corresponds) for images <c>[B, C, H, W]</c> and spectrograms <c>[B, 1, F, T]</c>.</summary>
    Tensor CorrespondenceLogits(Tensor images, Tensor spectrograms);

    /// <summary>
    /// Sets data-dependent initial values from the first training batch (AVE-Net's distance head, AVOL-Net's
    /// calibration); a no-op for networks that need none. Called once, before the first step of a fresh run.
    /// </summary>
    void CalibrateOn(Tensor images, Tensor spectrograms);
}
