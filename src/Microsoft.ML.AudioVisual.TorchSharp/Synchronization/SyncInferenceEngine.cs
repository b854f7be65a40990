using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Batched inference of an <see cref="AvtsNet"/> through the transformer's <see cref="InferenceRunner"/>: clips in flat
/// buffers go through one forward pass per batch; whole videos are cut into a clip at every frame for the offset scan.
/// </summary>
internal sealed class SyncInferenceEngine(AvtsNet network, InferenceRunner runner, SyncInputShapes shapes, InputNormalization normalization,
    int batchSize, double margin)
{
    public int EmbeddingDimension => network.EmbeddingDimension;

    /// <summary>Embeds <paramref name="count"/> visual clips <c>[T, C, H, W]</c> (flat, one after another) into <paramref name="output"/>.</summary>
    public void EmbedVisual(ReadOnlySpan<float> clips, int count, Span<float> output) =>
        Embed(clips, count, shapes.VisualClipSize, output, (input, n) =>
            network.EmbedVisual(TensorStaging.Stage(input, input.Length, normalization.VisualMean, normalization.VisualStd,
                [n, shapes.ClipFrames, shapes.Channels, shapes.Height, shapes.Width], runner.Device).permute(0, 2, 1, 3, 4)));

    /// <summary>Embeds <paramref name="count"/> clip spectrograms <c>[F, ClipColumns]</c> (flat, one after another) into <paramref name="output"/>.</summary>
    public void EmbedAudio(ReadOnlySpan<float> spectrograms, int count, Span<float> output) =>
        Embed(spectrograms, count, shapes.AudioClipSize, output, (input, n) =>
            network.EmbedAudio(TensorStaging.Stage(input, input.Length, normalization.AudioMean, normalization.AudioStd,
                [n, 1, shapes.AudioBins, shapes.ClipColumns], runner.Device)));

    /// <summary>One forward pass of <paramref name="embed"/> (flat inputs of a batch, batch size to embeddings) per batch of clips of <paramref name="size"/> values.</summary>
    private void Embed(ReadOnlySpan<float> clips, int count, int size, Span<float> output, Func<float[], int, Tensor> embed)
    {
        int dim = EmbeddingDimension;
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            var input = clips.Slice(start * size, n * size).ToArray();
            float[]? result = null;
            runner.Run(() => result = ToArray(embed(input, n)));
            result.AsSpan().CopyTo(output.Slice(start * dim, n * dim));
        }
    }

    /// <summary>Sync scores of <paramref name="count"/> paired visual and audio clips.</summary>
    public void Score(ReadOnlySpan<float> clips, ReadOnlySpan<float> spectrograms, int count, Span<float> scores,
        Span<float> visualEmbeddings = default, Span<float> audioEmbeddings = default)
    {
        int dim = EmbeddingDimension;
        Span<float> visual = visualEmbeddings.IsEmpty ? new float[count * dim] : visualEmbeddings;
        Span<float> audio = audioEmbeddings.IsEmpty ? new float[count * dim] : audioEmbeddings;
        EmbedVisual(clips, count, visual);
        EmbedAudio(spectrograms, count, audio);
        for (int i = 0; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < dim; j++)
            {
                double d = visual[i * dim + j] - audio[i * dim + j];
                sum += d * d;
            }
            scores[i] = (float)SyncScore.FromDistance(Math.Sqrt(sum), margin);
        }
    }

    /// <summary>
    /// The offset scan of a video: <paramref name="frames"/> <c>[frameCount, C, H, W]</c> and <paramref name="spectrogram"/>
    /// <c>[F, columns]</c> of audio starting at frame <paramref name="audioStartFrame"/> (0: with the first frame).
    /// </summary>
    public SyncOffsetEstimate EstimateOffset(ReadOnlySpan<float> frames, int frameCount, ReadOnlySpan<float> spectrogram, int columns, int audioStartFrame, int maxOffset)
    {
        int visualClips = shapes.LastVisualStart(frameCount) + 1, audioClips = shapes.LastAudioStart(columns) + 1, dim = EmbeddingDimension;
        if (visualClips < 1 || audioClips < 1)
            throw new ArgumentException($"{frameCount} frames and {columns} spectrogram columns are shorter than one clip ({shapes.ClipFrames} frames, {shapes.ClipColumns} columns).");
        var visual = new float[visualClips * dim];
        var audio = new float[audioClips * dim];
        // Visual clips at consecutive frames overlap in memory: the contiguous [T, C, H, W] buffer holds each as one run.
        var visualInput = new float[visualClips * shapes.VisualClipSize];
        for (int i = 0; i < visualClips; i++)
            frames.Slice(i * shapes.FrameSize, shapes.VisualClipSize).CopyTo(visualInput.AsSpan(i * shapes.VisualClipSize));
        EmbedVisual(visualInput, visualClips, visual);
        var audioInput = new float[audioClips * shapes.AudioClipSize];
        for (int j = 0; j < audioClips; j++)
            shapes.CopyAudioClip(spectrogram, columns, j, audioInput.AsSpan(j * shapes.AudioClipSize, shapes.AudioClipSize));
        EmbedAudio(audioInput, audioClips, audio);
        return SyncOffsetSearch.Search(visual, visualClips, audio, audioClips, audioStartFrame, dim, maxOffset, shapes.FramesPerSecond, margin);
    }

    private static float[] ToArray(Tensor values) => values.to(CPU).contiguous().data<float>().ToArray();
}
