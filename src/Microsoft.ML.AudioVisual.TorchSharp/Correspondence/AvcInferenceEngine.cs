using Microsoft.ML.AudioVisual.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Batched inference of a correspondence network: rows in flat buffers go through one forward pass per
/// batch under <c>inference_mode</c>, in one dispose scope. Clips of several frames are embedded frame by
/// frame and pooled.
/// </summary>
internal sealed class AvcInferenceEngine
{
    private readonly AvcNetwork _model;
    private readonly Device _device;
    private readonly AvcInputShapes _shapes;
    private readonly InputNormalization _normalization;
    private readonly object _gate = new();

    public AvcInferenceEngine(AvcNetwork model, Device device, AvcInputShapes shapes, InputNormalization normalization)
    {
        _model = model;
        _device = device;
        _shapes = shapes;
        _normalization = normalization;
    }

    public int EmbeddingDimension => _model.EmbeddingDimension;

    /// <summary>
    /// Computes what is asked for <paramref name="count"/> rows. <paramref name="visual"/> holds rows of
    /// <paramref name="frames"/> x C x H x W values and <paramref name="audio"/> rows of F x T values (either may be
    /// empty when not given). Empty output spans are not computed; <paramref name="scores"/> needs both inputs.
    /// </summary>
    public void Run(ReadOnlySpan<float> visual, int frames, ReadOnlySpan<float> audio, int count,
        Span<float> visualEmbeddings, Span<float> audioEmbeddings, Span<float> scores)
    {
        bool needVisual = !visualEmbeddings.IsEmpty || !scores.IsEmpty;
        bool needAudio = !audioEmbeddings.IsEmpty || !scores.IsEmpty;
        int dim = _model.EmbeddingDimension;
        // BatchNorm layers hold running statistics: eval() and the forward pass must not interleave across threads.
        lock (_gate)
        {
            _model.eval();
            using var inference = inference_mode();
            using var scope = NewDisposeScope();
            Tensor? v = null, a = null;
            if (needVisual)
            {
                var images = TensorStaging.Stage(visual, count * frames * _shapes.ImageSize, _normalization.VisualMean, _normalization.VisualStd,
                    [count * frames, _shapes.Channels, _shapes.Height, _shapes.Width], _device);
                v = _model.EmbedVisual(images);
                if (frames > 1) v = _model.PoolFrames(v.reshape(count, frames, -1));
                if (!visualEmbeddings.IsEmpty) TensorStaging.CopyOut(v.reshape(count, dim), visualEmbeddings);
            }
            if (needAudio)
            {
                var spectrograms = TensorStaging.Stage(audio, count * _shapes.AudioSize, _normalization.AudioMean, _normalization.AudioStd,
                    [count, 1, _shapes.AudioBins, _shapes.AudioFrames], _device);
                a = _model.EmbedAudio(spectrograms);
                if (!audioEmbeddings.IsEmpty) TensorStaging.CopyOut(a, audioEmbeddings);
            }
            if (!scores.IsEmpty)
                TensorStaging.CopyOut(nn.functional.softmax(_model.Correspondence(v!, a!), 1).select(1, 1), scores);
        }
    }

    /// <summary>Correspondence probabilities of <paramref name="count"/> embedding pairs (the head alone).</summary>
    public void ScoreEmbeddings(ReadOnlySpan<float> visual, ReadOnlySpan<float> audio, int count, Span<float> scores)
    {
        int dim = _model.EmbeddingDimension;
        lock (_gate)
        {
            _model.eval();
            using var inference = inference_mode();
            using var scope = NewDisposeScope();
            var v = tensor(visual[..(count * dim)].ToArray(), [count, dim]).to(_device);
            var a = tensor(audio[..(count * dim)].ToArray(), [count, dim]).to(_device);
            TensorStaging.CopyOut(nn.functional.softmax(_model.Correspondence(v, a), 1).select(1, 1), scores);
        }
    }
}
