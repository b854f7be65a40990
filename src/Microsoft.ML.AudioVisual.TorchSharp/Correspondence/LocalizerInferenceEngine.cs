using Microsoft.ML.AudioVisual.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Batched AVOL-Net inference: heat maps (sigmoid of the calibrated map) and image-level scores, one forward pass per batch.</summary>
internal sealed class LocalizerInferenceEngine
{
    private readonly AvolNet _model;
    private readonly Device _device;
    private readonly InputNormalization _normalization;
    private readonly object _gate = new();

    public LocalizerInferenceEngine(AvolNet model, Device device, InputNormalization normalization)
    {
        _model = model;
        _device = device;
        _normalization = normalization;
    }

    /// <summary>
    /// Maps <paramref name="count"/> images <c>[C, H, W]</c> with their spectrograms <c>[F, T]</c> to heat maps
    /// (<c>count x h x w</c> into <paramref name="heatmaps"/>) and scores.
    /// </summary>
    public void Run(ReadOnlySpan<float> images, (int C, int H, int W) image, ReadOnlySpan<float> spectrograms, (int F, int T) audio, int count,
        Span<float> heatmaps, Span<float> scores)
    {
        lock (_gate)
        {
            _model.eval();
            using var inference = inference_mode();
            using var scope = NewDisposeScope();
            var v = _model.EmbedVisual(TensorStaging.Stage(images, count * image.C * image.H * image.W, _normalization.VisualMean, _normalization.VisualStd, [count, image.C, image.H, image.W], _device));
            var a = _model.EmbedAudio(TensorStaging.Stage(spectrograms, count * audio.F * audio.T, _normalization.AudioMean, _normalization.AudioStd, [count, 1, audio.F, audio.T], _device));
            var logits = _model.CorrespondenceMap(v, a);
            TensorStaging.CopyOut(logits.sigmoid(), heatmaps);
            TensorStaging.CopyOut(logits.amax([1, 2]).sigmoid(), scores);
        }
    }
}
