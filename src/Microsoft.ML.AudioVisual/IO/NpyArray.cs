namespace Microsoft.ML.AudioVisual.IO;

/// <summary>Element types that <see cref="NpyFile"/> reads and writes.</summary>
public enum NpyDataType
{
    /// <summary>Little-endian 32-bit float (<c>&lt;f4</c>).</summary>
    Float32,
    /// <summary>Little-endian 64-bit float (<c>&lt;f8</c>); read only, converted on request.</summary>
    Float64,
    /// <summary>Unsigned byte (<c>|u1</c>).</summary>
    UInt8,
    /// <summary>Little-endian 64-bit signed integer (<c>&lt;i8</c>).</summary>
    Int64,
}

/// <summary>
/// An n-dimensional array read from or written to a NumPy <c>.npy</c> file, in C (row-major) order.
/// Exactly one of the typed data arrays is set, matching <see cref="DataType"/>.
/// </summary>
public sealed class NpyArray
{
    private NpyArray(NpyDataType dataType, int[] shape, Array data)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0) throw new ArgumentOutOfRangeException(nameof(shape), $"Negative dimension {dim} in shape [{string.Join(", ", shape)}].");
            count *= dim;
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but the data has {data.Length}.", nameof(shape));
        DataType = dataType;
        Shape = shape;
        Data = data;
    }

    /// <summary>Wraps float32 data (not copied).</summary>
    public static NpyArray FromSingles(float[] data, params int[] shape) => new(NpyDataType.Float32, shape, data);

    /// <summary>Wraps float64 data (not copied).</summary>
    public static NpyArray FromDoubles(double[] data, params int[] shape) => new(NpyDataType.Float64, shape, data);

    /// <summary>Wraps uint8 data (not copied).</summary>
    public static NpyArray FromBytes(byte[] data, params int[] shape) => new(NpyDataType.UInt8, shape, data);

    /// <summary>Wraps int64 data (not copied).</summary>
    public static NpyArray FromInt64s(long[] data, params int[] shape) => new(NpyDataType.Int64, shape, data);

    /// <summary>The element type as stored.</summary>
    public NpyDataType DataType { get; }

    /// <summary>The dimensions, outermost first. An empty shape is a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>The elements in C order: a <c>float[]</c>, <c>double[]</c>, <c>byte[]</c> or <c>long[]</c>.</summary>
    public Array Data { get; }

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The elements as float32, converting from the stored type when needed.</summary>
    public float[] ToSingles() => Data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, v => (float)v),
        byte[] b => Array.ConvertAll(b, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        _ => throw new InvalidOperationException($"Unexpected NPY data array {Data.GetType()}."),
    };

    /// <summary>The elements as float64, converting from the stored type when needed.</summary>
    public double[] ToDoubles() => Data switch
    {
        double[] d => d,
        float[] f => Array.ConvertAll(f, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        _ => throw new InvalidOperationException($"Unexpected NPY data array {Data.GetType()}."),
    };
}
