using Microsoft.ML.AudioVisual.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>The mix-and-separate forward pass shared by training, validation and inference: one sound-net pass per mixture, one frame-net pass per source, one mask per source.</summary>
internal static class SeparationForward
{
    /// <summary>
    /// Standardised visual values of <paramref name="items"/> sources (<c>[items, T, C, H, W]</c> row-major) as frames
    /// <c>[items, T, 3, H, W]</c> on <paramref name="device"/>; one-channel images are repeated to the three channels.
    /// </summary>
    public static Tensor StageVisual(ReadOnlySpan<float> values, int items, VisualShape shape, ImageStandardization standardization, Device device)
    {
        var staged = new float[items * shape.Size];
        TensorStaging.Standardise(values[..staged.Length], staged, standardization.Mean, standardization.Std);
        var frames = tensor(staged, [items, shape.Frames, shape.Channels, shape.Height, shape.Width]).to(device);
        return shape.Channels == 1 ? frames.expand(items, shape.Frames, 3, shape.Height, shape.Width) : frames;
    }

    /// <summary>Network inputs <c>ln(warp(|STFT| + offset))</c> of the mixtures as <c>[count, 1, F, T]</c>.</summary>
    public static Tensor StageSpectrograms(IReadOnlyList<MixtureSpectrogram> spectrograms, Device device)
    {
        int size = spectrograms[0].LogWarpedMagnitude.Length;
        var staged = new float[spectrograms.Count * size];
        for (int i = 0; i < spectrograms.Count; i++) spectrograms[i].LogWarpedMagnitude.CopyTo(staged, i * size);
        return tensor(staged, [spectrograms.Count, 1, spectrograms[0].FrontEnd.LogFrequencyBins, spectrograms[0].Frames]).to(device);
    }

    /// <summary>Mask logits <c>[B, N, F, T]</c> of B mixtures <c>[B, 1, F, T]</c> and their B·N sources' frames (mixture-major).</summary>
    public static Tensor MaskLogits(SoundOfPixelsNetwork network, Tensor logMixtures, Tensor frames, int sources)
    {
        long batch = logMixtures.shape[0];
        if (network.ConditionsSoundNet)
        {
            var features = network.FrameFeatures(frames);                             // [B·S, K], mixture-major
            var logits = network.MaskLogits(features, network.SoundFeatures(logMixtures, features));
            return logits.reshape(batch, sources, logits.shape[2], logits.shape[3]);
        }
        var sound = network.SoundFeatures(logMixtures);
        var visual = network.FrameFeatures(frames).reshape(batch, sources, -1);
        var masks = new Tensor[sources];
        for (int n = 0; n < sources; n++) masks[n] = network.MaskLogits(visual.select(1, n), sound);
        return cat(masks, 1);
    }

    /// <summary>The masks from their logits: sigmoid for binary and Wiener masks (as the official code for binary ones), ReLU for ratio masks (targets reach 5).</summary>
    public static Tensor Activate(Tensor logits, SeparationMask mask) => mask.IsProbability() ? logits.sigmoid() : logits.relu();

    /// <summary>
    /// The loss: (weighted) binary cross-entropy on the logits for binary and Wiener masks, (weighted) L1 for ratio masks; the weight
    /// <c>[B, 1, F, T]</c> is broadcast over the sources, or null for none.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor targets, Tensor? weight, SeparationMask mask)
    {
        var perBin = mask.IsProbability()
            ? nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None)
            : (Activate(logits, mask) - targets).abs();
        return (weight is null ? perBin : perBin * weight).mean();
    }
}
