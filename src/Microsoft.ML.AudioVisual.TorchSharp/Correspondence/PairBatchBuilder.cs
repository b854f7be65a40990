using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Copies the rows of a batch of pairs into reused staging buffers, standardised, and makes the tensors
/// <c>images [B, C, H, W]</c>, <c>spectrograms [B, 1, F, T]</c> and <c>labels [B]</c> (1 = corresponds).
/// </summary>
internal sealed class PairBatchBuilder
{
    private readonly AvcExampleSet _data;
    private readonly InputNormalization _normalization;
    private readonly Device _device;
    private readonly float[] _images;
    private readonly float[] _spectrograms;
    private readonly long[] _labels;

    public PairBatchBuilder(AvcExampleSet data, InputNormalization normalization, Device device, int batchSize)
    {
        _data = data;
        _normalization = normalization;
        _device = device;
        _images = new float[batchSize * data.Shapes.ImageSize];
        _spectrograms = new float[batchSize * data.Shapes.AudioSize];
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
            Standardise(_data.Visual.AsSpan(pair.VisualRow * shapes.VisualSize + pair.Frame * shapes.ImageSize, shapes.ImageSize),
                _images.AsSpan(i * shapes.ImageSize, shapes.ImageSize), _normalization.VisualMean, _normalization.VisualStd);
            Standardise(_data.Audio.AsSpan(pair.AudioRow * shapes.AudioSize, shapes.AudioSize),
                _spectrograms.AsSpan(i * shapes.AudioSize, shapes.AudioSize), _normalization.AudioMean, _normalization.AudioStd);
            _labels[i] = pair.Corresponds ? 1 : 0;
        }
        // torch.tensor copies its source, so the staging buffers can be reused for the next batch.
        var images = tensor(Prefix(_images, n * shapes.ImageSize), [n, shapes.Channels, shapes.Height, shapes.Width]).to(_device);
        var spectrograms = tensor(Prefix(_spectrograms, n * shapes.AudioSize), [n, 1, shapes.AudioBins, shapes.AudioFrames]).to(_device);
        var labels = tensor(Prefix(_labels, n), [n]).to(_device);
        return (images, spectrograms, labels);
    }

    private static T[] Prefix<T>(T[] buffer, int length) => length == buffer.Length ? buffer : buffer[..length];

    public static void Standardise(ReadOnlySpan<float> source, Span<float> target, float mean, float std)
    {
        float scale = 1f / std;
        for (int i = 0; i < source.Length; i++) target[i] = (source[i] - mean) * scale;
    }
}
