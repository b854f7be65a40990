using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Batched inference of a correspondence network: rows in flat buffers go through one forward pass per batch
/// (through the transformer's <see cref="InferenceRunner"/>). Clips of several frames are embedded frame by
/// frame and pooled.
/// </summary>
internal sealed class AvcInferenceEngine(AvcNetwork model, InferenceRunner runner, AvcInputShapes shapes, InputNormalization normalization)
{
    public int EmbeddingDimension => model.EmbeddingDimension;

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
        int dim = model.EmbeddingDimension;
        // Spans cannot enter a lambda: stage the inputs first, copy the results out after.
        float[]? visualIn = needVisual ? visual[..(count * frames * shapes.ImageSize)].ToArray() : null;
        float[]? audioIn = needAudio ? audio[..(count * shapes.AudioSize)].ToArray() : null;
        float[]? v = null, a = null, s = null;
        runner.Run(() =>
        {
            Tensor? visualOut = null, audioOut = null;
            if (visualIn is not null)
            {
                var images = TensorStaging.Stage(visualIn, visualIn.Length, normalization.VisualMean, normalization.VisualStd,
                    [count * frames, shapes.Channels, shapes.Height, shapes.Width], runner.Device);
                visualOut = model.EmbedVisual(images);
                if (frames > 1) visualOut = model.PoolFrames(visualOut.reshape(count, frames, -1));
                v = ToArray(visualOut.reshape(count, dim));
            }
            if (audioIn is not null)
            {
                var spectrograms = TensorStaging.Stage(audioIn, audioIn.Length, normalization.AudioMean, normalization.AudioStd,
                    [count, 1, shapes.AudioBins, shapes.AudioFrames], runner.Device);
                audioOut = model.EmbedAudio(spectrograms);
                a = ToArray(audioOut);
            }
            if (visualOut is not null && audioOut is not null)
                s = ToArray(nn.functional.softmax(model.Correspondence(visualOut, audioOut), 1).select(1, 1));
        });
        if (!visualEmbeddings.IsEmpty) v.AsSpan(0, visualEmbeddings.Length).CopyTo(visualEmbeddings);
        if (!audioEmbeddings.IsEmpty) a.AsSpan(0, audioEmbeddings.Length).CopyTo(audioEmbeddings);
        if (!scores.IsEmpty) s.AsSpan(0, scores.Length).CopyTo(scores);
    }

    /// <summary>Correspondence probabilities of <paramref name="count"/> embedding pairs (the head alone).</summary>
    public void ScoreEmbeddings(ReadOnlySpan<float> visual, ReadOnlySpan<float> audio, int count, Span<float> scores)
    {
        int dim = model.EmbeddingDimension;
        var visualIn = visual[..(count * dim)].ToArray();
        var audioIn = audio[..(count * dim)].ToArray();
        float[]? result = null;
        runner.Run(() =>
        {
            var v = tensor(visualIn, [count, dim]).to(runner.Device);
            var a = tensor(audioIn, [count, dim]).to(runner.Device);
            result = ToArray(nn.functional.softmax(model.Correspondence(v, a), 1).select(1, 1));
        });
        result.AsSpan(0, scores.Length).CopyTo(scores);
    }

    private static float[] ToArray(Tensor values) => values.to(CPU).contiguous().data<float>().ToArray();
}
