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
            var v = _model.EmbedVisual(Stage(images, count * image.C * image.H * image.W, _normalization.VisualMean, _normalization.VisualStd, [count, image.C, image.H, image.W]));
            var a = _model.EmbedAudio(Stage(spectrograms, count * audio.F * audio.T, _normalization.AudioMean, _normalization.AudioStd, [count, 1, audio.F, audio.T]));
            var logits = _model.CorrespondenceMap(v, a);
            CopyOut(logits.sigmoid(), heatmaps);
            CopyOut(logits.amax([1, 2]).sigmoid(), scores);
        }
    }

    private Tensor Stage(ReadOnlySpan<float> rows, int length, float mean, float std, long[] shape)
    {
        var staged = new float[length];
        PairBatchBuilder.Standardise(rows[..length], staged, mean, std);
        return tensor(staged, shape).to(_device);
    }

    private static void CopyOut(Tensor values, Span<float> destination) =>
        values.to(CPU).contiguous().data<float>().ToArray().AsSpan(0, destination.Length).CopyTo(destination);
}
