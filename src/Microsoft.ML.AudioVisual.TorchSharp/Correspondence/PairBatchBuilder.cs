using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Copies the rows of a batch of pairs into reused staging buffers, augmented as each pair says and
/// standardised, and makes the tensors <c>images [B, C, H, W]</c>, <c>spectrograms [B, 1, F, T]</c> and
/// <c>labels [B]</c> (1 = corresponds).
/// </summary>
internal sealed class PairBatchBuilder
{
    private readonly AvcExampleSet _data;
    private readonly InputNormalization _normalization;
    private readonly Device _device;
    private readonly float[] _images;
    private readonly float[] _spectrograms;
    private readonly float[] _shifted;
    private readonly long[] _labels;

    public PairBatchBuilder(AvcExampleSet data, InputNormalization normalization, Device device, int batchSize)
    {
        _data = data;
        _normalization = normalization;
        _device = device;
        _images = new float[batchSize * data.Shapes.ImageSize];
        _spectrograms = new float[batchSize * data.Shapes.AudioSize];
        _shifted = new float[Math.Max(data.Shapes.ImageSize, data.Shapes.AudioSize)];
        _labels = new long[batchSize];
    }

    /// <summary>The most pairs one batch holds.</summary>
    public int Capacity => _labels.Length;

    /// <summary>Tensors for the pairs (in the caller's dispose scope).</summary>
    public (Tensor Images, Tensor Spectrograms, Tensor Labels) Build(ReadOnlySpan<CorrespondencePair> pairs)
    {
        var shapes = _data.Shapes;
        int n = pairs.Length;
        for (int i = 0; i < n; i++)
        {
            var pair = pairs[i];
            var image = _data.Visual.AsSpan(pair.VisualRow * shapes.VisualSize + pair.Frame * shapes.ImageSize, shapes.ImageSize);
            if (pair.ImageShiftX != 0 || pair.ImageShiftY != 0)
            {
                ShiftImage(image, _shifted, shapes.Channels, shapes.Height, shapes.Width, pair.ImageShiftX, pair.ImageShiftY);
                image = _shifted.AsSpan(0, shapes.ImageSize);
            }
            TensorStaging.Standardise(image, _images.AsSpan(i * shapes.ImageSize, shapes.ImageSize), _normalization.VisualMean, _normalization.VisualStd);
            var audio = _data.Audio.AsSpan(pair.AudioRow * shapes.AudioSize, shapes.AudioSize);
            if (pair.AudioShift != 0 || !pair.Audio.IsNone)
            {
                ShiftTime(audio, _shifted, shapes.AudioBins, shapes.AudioFrames, pair.AudioShift, pair.Audio.FrequencyShift);
                if (pair.Audio.MaskBins > 0 || pair.Audio.MaskFrames > 0) Mask(_shifted.AsSpan(0, shapes.AudioSize), shapes.AudioBins, shapes.AudioFrames, pair.Audio);
                if (pair.Audio.Gain != 0) AddGain(_shifted.AsSpan(0, shapes.AudioSize), pair.Audio.Gain);
                audio = _shifted.AsSpan(0, shapes.AudioSize);
            }
            TensorStaging.Standardise(audio, _spectrograms.AsSpan(i * shapes.AudioSize, shapes.AudioSize), _normalization.AudioMean, _normalization.AudioStd);
            _labels[i] = pair.Corresponds ? 1 : 0;
        }
        // torch.tensor copies its source, so the staging buffers can be reused for the next batch.
        var images = tensor(Prefix(_images, n * shapes.ImageSize), [n, shapes.Channels, shapes.Height, shapes.Width]).to(_device);
        var spectrograms = tensor(Prefix(_spectrograms, n * shapes.AudioSize), [n, 1, shapes.AudioBins, shapes.AudioFrames]).to(_device);
        var labels = tensor(Prefix(_labels, n), [n]).to(_device);
        return (images, spectrograms, labels);
    }

    private static T[] Prefix<T>(T[] buffer, int length) => length == buffer.Length ? buffer : buffer[..length];

    /// <summary>Translates each plane by (dx, dy) pixels, repeating the edge pixels into the uncovered border.</summary>
    internal static void ShiftImage(ReadOnlySpan<float> source, Span<float> target, int channels, int height, int width, int dx, int dy)
    {
        for (int c = 0; c < channels; c++)
        {
            int plane = c * height * width;
            for (int y = 0; y < height; y++)
            {
                int sy = Math.Clamp(y - dy, 0, height - 1);
                for (int x = 0; x < width; x++)
                    target[plane + y * width + x] = source[plane + sy * width + Math.Clamp(x - dx, 0, width - 1)];
            }
        }
    }

    /// <summary>
    /// Moves a <c>[bins, frames]</c> spectrogram by <paramref name="shift"/> frames (positive: later) and
    /// <paramref name="binShift"/> bins (positive: higher); the cells shifted in take the spectrogram's minimum, its silence.
    /// </summary>
    internal static void ShiftTime(ReadOnlySpan<float> source, Span<float> target, int bins, int frames, int shift, int binShift = 0)
    {
        float floor = float.PositiveInfinity;
        foreach (var v in source) floor = Math.Min(floor, v);
        for (int b = 0; b < bins; b++)
        {
            int sb = b - binShift;
            for (int t = 0; t < frames; t++)
            {
                int st = t - shift;
                target[b * frames + t] = sb >= 0 && sb < bins && st >= 0 && st < frames ? source[sb * frames + st] : floor;
            }
        }
    }

    /// <summary>Adds <paramref name="gain"/> to every value: on a dB spectrogram (floor included), a change of loudness.</summary>
    internal static void AddGain(Span<float> spectrogram, float gain)
    {
        for (int i = 0; i < spectrogram.Length; i++) spectrogram[i] += gain;
    }

    /// <summary>SpecAugment: fills a band of bins and a stretch of frames with the spectrogram's mean.</summary>
    internal static void Mask(Span<float> spectrogram, int bins, int frames, AudioAugmentation augmentation)
    {
        double sum = 0;
        foreach (var v in spectrogram) sum += v;
        float mean = (float)(sum / spectrogram.Length);
        for (int b = augmentation.MaskBin; b < augmentation.MaskBin + augmentation.MaskBins; b++)
            spectrogram.Slice(b * frames, frames).Fill(mean);
        for (int b = 0; b < bins; b++)
            spectrogram.Slice(b * frames + augmentation.MaskFrame, augmentation.MaskFrames).Fill(mean);
    }
}
