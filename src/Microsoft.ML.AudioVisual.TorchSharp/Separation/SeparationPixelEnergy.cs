using Microsoft.ML.AudioVisual.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Per-pixel separation (the official <c>forward_pixelwise</c>): the visual feature map of a picture is kept instead of
/// being pooled, every cell's K features make a mask of the mixture, and the cell's energy is the magnitude that mask
/// lets through.
/// </summary>
internal static class SeparationPixelEnergy
{
    /// <summary>
    /// One map per picture: for each cell of the frame net's map, <c>sum over clips, frequencies and frames of
    /// mask(f, t) · |X(f, t)|</c> with the mask un-warped to the linear bins, not thresholded (the expected separated
    /// magnitude), and |X| the mixture's STFT magnitude.
    /// </summary>
    public static SeparationPixelMap[] Compute(SoundOfPixelsNetwork network, InferenceRunner inference, MixAndSeparateOptions options, VisualShape shape,
        ImageStandardization standardization, float[] mixture, IReadOnlyList<float[]> pictures)
    {
        var frontEnd = options.FrontEnd;
        var spectrograms = SeparationClips.Cut(mixture, frontEnd).Select(clip => MixtureSpectrogram.Compute(clip, frontEnd)).ToArray();
        var energies = new float[pictures.Count][];
        int height = 0, width = 0;
        foreach (var spectrogram in spectrograms)
        {
            // The sound features are shared by the pictures: one sound-net pass per clip.
            var masks = new float[pictures.Count][];
            inference.Run(() =>
            {
                var staged = SeparationForward.StageSpectrograms([spectrogram], inference.Device);
                var shared = network.ConditionsSoundNet ? null : network.SoundFeatures(staged);
                for (int n = 0; n < pictures.Count; n++)
                {
                    var picture = SeparationForward.StageVisual(pictures[n], 1, shape, standardization, inference.Device);
                    var featureMap = network.FrameFeatureMap(picture);
                    // A conditioned sound net computes its maps for this picture's pooled features (the activation is monotonic,
                    // so the map's maximum is FrameFeatures without a second frame-net pass), then each pixel weighs them.
                    var sound = shared ?? network.SoundFeatures(staged, featureMap.amax([2, 3]));
                    (height, width) = ((int)featureMap.shape[2], (int)featureMap.shape[3]);
                    masks[n] = SeparationForward.Activate(network.PixelMaskLogits(featureMap, sound), options.Mask).to(CPU).contiguous().data<float>().ToArray();
                }
            });
            int size = frontEnd.LogFrequencyBins * spectrogram.Frames;
            for (int n = 0; n < pictures.Count; n++)
            {
                var energy = energies[n] ??= new float[height * width];
                var pictureMasks = masks[n];
                Parallel.For(0, energy.Length, p =>
                {
                    var linear = LogFrequencyMask.Unwarp(pictureMasks.AsSpan(p * size, size), spectrogram.Frames, frontEnd);
                    double sum = 0;
                    for (int i = 0; i < linear.Length; i++) sum += linear[i] * spectrogram.Magnitude[i];
                    energy[p] += (float)sum;
                });
            }
        }
        return [.. energies.Select(e => new SeparationPixelMap(e, height, width))];
    }
}
