using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Cuts the clips of a batch out of the rows in memory into reused staging buffers, standardised, and makes the tensors
/// <c>clips [B, C, T, H, W]</c>, <c>spectrograms [B, 1, F, S]</c> and <c>inSync [B]</c> (1 = in sync).
/// </summary>
internal sealed class SyncClipBatchBuilder
{
    private readonly AvcExampleSet _data;
    private readonly SyncInputShapes _shapes;
    private readonly InputNormalization _normalization;
    private readonly Device _device;
    private readonly float[] _visual;
    private readonly float[] _audio;
    private readonly float[] _labels;

    public SyncClipBatchBuilder(AvcExampleSet data, SyncInputShapes shapes, InputNormalization normalization, Device device, int batchSize)
    {
        _data = data;
        _shapes = shapes;
        _normalization = normalization;
        _device = device;
        _visual = new float[batchSize * shapes.VisualClipSize];
        _audio = new float[batchSize * shapes.AudioClipSize];
        _labels = new float[batchSize];
    }

    /// <summary>The most clips one batch holds.</summary>
    public int Capacity => _labels.Length;

    /// <summary>Tensors for the clips (in the caller's dispose scope).</summary>
    public (Tensor Clips, Tensor Spectrograms, Tensor InSync) Build(ReadOnlySpan<SyncClip> clips)
    {
        var rows = _data.Shapes;
        int n = clips.Length, visualSize = _shapes.VisualClipSize, columns = _shapes.ClipColumns, bins = _shapes.AudioBins;
        for (int i = 0; i < n; i++)
        {
            var clip = clips[i];
            // Frames are stored [T, C, H, W]: a clip is one contiguous run of them.
            var frames = _data.Visual.AsSpan(clip.VisualRow * rows.VisualSize + clip.VisualStart * _shapes.FrameSize, visualSize);
            TensorStaging.Standardise(frames, _visual.AsSpan(i * visualSize, visualSize), _normalization.VisualMean, _normalization.VisualStd);
            var spectrogram = _data.Audio.AsSpan(clip.AudioRow * rows.AudioSize, rows.AudioSize);
            int first = clip.AudioStart * _shapes.ColumnsPerFrame;
            // (x + gain - mean) / std: the clip's gain augmentation folds into the mean.
            float mean = _normalization.AudioMean - clip.AudioGain;
            for (int b = 0; b < bins; b++)
                TensorStaging.Standardise(spectrogram.Slice(b * rows.AudioFrames + first, columns), _audio.AsSpan((i * bins + b) * columns, columns),
                    mean, _normalization.AudioStd);
            _labels[i] = clip.InSync ? 1 : 0;
        }
        // torch.tensor copies its source, so the staging buffers can be reused for the next batch.
        var visual = tensor(Prefix(_visual, n * visualSize), [n, _shapes.ClipFrames, _shapes.Channels, _shapes.Height, _shapes.Width]).to(_device).permute(0, 2, 1, 3, 4);
        var audio = tensor(Prefix(_audio, n * _shapes.AudioClipSize), [n, 1, bins, columns]).to(_device);
        var labels = tensor(Prefix(_labels, n), [n]).to(_device);
        return (visual, audio, labels);
    }

    private static float[] Prefix(float[] buffer, int length) => length == buffer.Length ? buffer : buffer[..length];
}
