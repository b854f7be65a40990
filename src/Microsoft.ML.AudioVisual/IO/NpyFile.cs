using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.AudioVisual.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0-3.0): float32, float64, uint8 and
/// int64 in C order. Writes are atomic: the file appears complete or not at all.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an array.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a supported, complete NPY file; the message names the file.</exception>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"NPY file '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable NPY file: {e.Message}", e);
        }
    }

    /// <summary>Reads an array from a stream positioned at the magic string.</summary>
    public static NpyArray Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, "the magic string");
        if (!prefix[..6].SequenceEqual(Magic)) throw new InvalidDataException("missing the \\x93NUMPY magic string");
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            ReadExactly(stream, len, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            ReadExactly(stream, len, "the header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else
        {
            throw new InvalidDataException($"unsupported format version {major}.{prefix[7]}");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (dataType, fortranOrder, shape) = ParseHeader(header);

        long count = 1;
        foreach (var d in shape) count = checked(count * d);
        int elementSize = dataType switch { NpyDataType.Float32 => 4, NpyDataType.Float64 => 8, NpyDataType.UInt8 => 1, _ => 8 };
        var raw = new byte[checked(count * elementSize)];
        ReadExactly(stream, raw, $"{count} elements of {dataType} (the file is truncated)");

        Array data = dataType switch
        {
            NpyDataType.Float32 => MemoryMarshal.Cast<byte, float>(raw).ToArray(),
            NpyDataType.Float64 => MemoryMarshal.Cast<byte, double>(raw).ToArray(),
            NpyDataType.UInt8 => raw,
            _ => MemoryMarshal.Cast<byte, long>(raw).ToArray(),
        };
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NPY I/O assumes a little-endian machine.");
        if (fortranOrder && shape.Length > 1) data = ToCOrder(data, shape);
        return dataType switch
        {
            NpyDataType.Float32 => NpyArray.FromSingles((float[])data, shape),
            NpyDataType.Float64 => NpyArray.FromDoubles((double[])data, shape),
            NpyDataType.UInt8 => NpyArray.FromBytes((byte[])data, shape),
            _ => NpyArray.FromInt64s((long[])data, shape),
        };
    }

    /// <summary>Writes a float32 array of the given shape.</summary>
    public static void Write(string path, float[] data, params int[] shape) => Write(path, NpyArray.FromSingles(data, shape));

    /// <summary>Writes an array atomically (temporary file in the same folder, then rename).</summary>
    public static void Write(string path, NpyArray array)
    {
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes an array to a stream (format version 1.0, or 2.0 when the header needs it).</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        string descr = array.DataType switch
        {
            NpyDataType.Float32 => "<f4",
            NpyDataType.Float64 => "<f8",
            NpyDataType.UInt8 => "|u1",
            _ => "<i8",
        };
        string shape = array.Shape.Length switch
        {
            0 => "()",
            1 => $"({array.Shape[0]},)",
            _ => "(" + string.Join(", ", array.Shape) + ")",
        };
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // Header (magic + version + length + dict + padding + '\n') is a multiple of 64 bytes.
        int prefix = 6 + 2 + 2;
        bool version2 = prefix + dict.Length + 1 > ushort.MaxValue;
        if (version2) prefix += 2;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = dict + new string(' ', total - prefix - dict.Length - 1) + "\n";

        stream.Write(Magic);
        stream.WriteByte((byte)(version2 ? 2 : 1));
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (version2)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length);
            stream.Write(len);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
            stream.Write(len[..2]);
        }
        stream.Write(Encoding.Latin1.GetBytes(header));
        switch (array.Data)
        {
            case float[] f: stream.Write(MemoryMarshal.AsBytes(f.AsSpan())); break;
            case double[] d: stream.Write(MemoryMarshal.AsBytes(d.AsSpan())); break;
            case byte[] b: stream.Write(b); break;
            case long[] l: stream.Write(MemoryMarshal.AsBytes(l.AsSpan())); break;
        }
    }

    /// <summary>Reorders a column-major (Fortran) array into row-major order; numpy writes Fortran order for transposed views.</summary>
    private static Array ToCOrder(Array source, int[] shape)
    {
        var target = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
        int rank = shape.Length;
        var fortranStrides = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++)
        {
            fortranStrides[d] = stride;
            stride *= shape[d];
        }
        var index = new int[rank];
        for (long c = 0; c < source.Length; c++)
        {
            long f = 0;
            for (int d = 0; d < rank; d++) f += index[d] * fortranStrides[d];
            Array.Copy(source, f, target, c, 1);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return target;
    }

    private static (NpyDataType, bool, int[]) ParseHeader(string header)
    {
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw new InvalidDataException($"malformed header '{header.Trim()}'");
        var type = descr.Groups[1].Value switch
        {
            "<f4" or "=f4" => NpyDataType.Float32,
            "<f8" or "=f8" => NpyDataType.Float64,
            "|u1" or "<u1" or "=u1" => NpyDataType.UInt8,
            "<i8" or "=i8" => NpyDataType.Int64,
            var other => throw new InvalidDataException($"unsupported dtype '{other}' (float32, float64, uint8 and int64 are supported)"),
        };
        var dims = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture))
            .ToArray();
        return (type, order.Groups[1].Value == "True", dims);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"the file ends before {what}");
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
