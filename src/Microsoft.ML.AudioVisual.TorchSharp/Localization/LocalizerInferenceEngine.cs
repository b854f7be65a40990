using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Localization;

/// <summary>Batched AVOL-Net inference: heat maps (sigmoid of the calibrated map) and image-level scores, one forward pass per batch.</summary>
internal sealed class LocalizerInferenceEngine(AvolNet model, InferenceRunner runner, InputNormalization normalization)
{
    /// <summary>
    /// Maps <paramref name="count"/> images <c>[C, H, W]</c> with their spectrograms <c>[F, T]</c> to heat maps
    /// (<c>count x h x w</c> into <paramref name="heatmaps"/>) and scores.
    /// </summary>
    public void Run(ReadOnlySpan<float> images, (int C, int H, int W) image, ReadOnlySpan<float> spectrograms, (int F, int T) audio, int count,
        Span<float> heatmaps, Span<float> scores)
    {
        var imagesIn = images[..(count * image.C * image.H * image.W)].ToArray();
        var audioIn = spectrograms[..(count * audio.F * audio.T)].ToArray();
        float[] maps = [], best = [];
        runner.Run(() =>
        {
            var v = model.EmbedVisual(TensorStaging.Stage(imagesIn, imagesIn.Length, normalization.VisualMean, normalization.VisualStd, [count, image.C, image.H, image.W], runner.Device));
            var a = model.EmbedAudio(TensorStaging.Stage(audioIn, audioIn.Length, normalization.AudioMean, normalization.AudioStd, [count, 1, audio.F, audio.T], runner.Device));
            var logits = model.CorrespondenceMap(v, a);
            maps = logits.sigmoid().to(CPU).contiguous().data<float>().ToArray();
            best = logits.amax([1, 2]).sigmoid().to(CPU).contiguous().data<float>().ToArray();
        });
        maps.AsSpan(0, heatmaps.Length).CopyTo(heatmaps);
        best.AsSpan(0, scores.Length).CopyTo(scores);
    }
}
