using System.Buffers.Binary;
using System.IO.Compression;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

/// <summary>Writes small unsigned-byte idx files for tests, raw or gzip-compressed.</summary>
internal static class IdxTestFiles
{
    public static byte[] Encode(byte[] data, params int[] shape)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    public static void Write(string path, bool gzip, byte[] data, params int[] shape)
    {
        var bytes = Encode(data, shape);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }
}
