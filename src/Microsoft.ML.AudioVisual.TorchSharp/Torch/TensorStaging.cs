using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>Moves rows between flat float buffers and tensors for the inference engines, standardising on the way in.</summary>
internal static class TensorStaging
{
    /// <summary>The first <paramref name="length"/> values, standardised, as a tensor of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    public static Tensor Stage(ReadOnlySpan<float> rows, int length, float mean, float std, long[] shape, Device device)
    {
        var staged = new float[length];
        Standardise(rows[..length], staged, mean, std);
        return tensor(staged, shape).to(device);
    }

    /// <summary><c>(x - mean) / std</c> from <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void Standardise(ReadOnlySpan<float> source, Span<float> target, float mean, float std)
    {
        float scale = 1f / std;
        for (int i = 0; i < source.Length; i++) target[i] = (source[i] - mean) * scale;
    }

    /// <summary>Rows <paramref name="start"/> .. start + count - 1, checked for length and finiteness, in one buffer.</summary>
    public static float[] Flatten(IReadOnlyList<float[]> rows, int start, int count, int size, string what)
    {
        var flat = new float[count * size];
        for (int i = 0; i < count; i++)
        {
            var row = rows[start + i];
            if (row.Length != size) throw new ArgumentException($"The {what} of item {start + i} has {row.Length} values; the model expects {size}.");
            if (!Array.TrueForAll(row, float.IsFinite)) throw new ArgumentException($"The {what} of item {start + i} holds NaN or infinity.");
            row.CopyTo(flat, i * size);
        }
        return flat;
    }
}
