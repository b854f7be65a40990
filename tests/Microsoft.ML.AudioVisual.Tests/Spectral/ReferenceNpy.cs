using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

/// <summary>
/// Minimal reader of float32 little-endian .npy files (NPY format 1.0-3.0), for parity tests only.
/// Returns the values in C (row-major) order; Fortran-ordered files (numpy writes those for transposed
/// arrays, e.g. most of ../shared/reference) are reordered.
/// </summary>
internal static class ReferenceNpy
{
    public static (float[] Data, int[] Shape) ReadFloat32(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not an .npy file.");
        }

        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: only little-endian float32 is supported, header {header.Trim()}.");
        }

        bool fortranOrder = header.Contains("'fortran_order': True", StringComparison.Ordinal);
        int shapeStart = header.IndexOf("'shape': (", StringComparison.Ordinal) + "'shape': (".Length;
        int shapeEnd = header.IndexOf(')', shapeStart);
        int[] shape = header[shapeStart..shapeEnd]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse)
            .ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart != count * 4)
        {
            throw new InvalidDataException($"{path}: expected {count} floats after the header, found {(bytes.Length - dataStart) / 4.0}.");
        }

        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (4 * i)));
        }

        return (fortranOrder ? ToRowMajor(data, shape) : data, shape);
    }

    // Fortran order: the first index varies fastest. Walk the C-order output and gather.
    private static float[] ToRowMajor(float[] columnMajor, int[] shape)
    {
        var result = new float[columnMajor.Length];
        var index = new int[shape.Length];
        for (int c = 0; c < result.Length; c++)
        {
            int f = 0, stride = 1;
            for (int d = 0; d < shape.Length; d++)
            {
                f += index[d] * stride;
                stride *= shape[d];
            }

            result[c] = columnMajor[f];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }
}
