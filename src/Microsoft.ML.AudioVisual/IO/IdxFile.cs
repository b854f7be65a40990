using System.Buffers.Binary;
using System.IO.Compression;

namespace Microsoft.ML.AudioVisual.IO;

/// <summary>
/// Reads idx files, the format of MNIST (<c>images-idx3-ubyte</c>, <c>labels-idx1-ubyte</c>): a
/// big-endian header (magic <c>0x0000TTDD</c> with element type <c>TT</c> and <c>DD</c> dimensions,
/// then one 32-bit size per dimension) followed by the elements in C order. Gzip-compressed files
/// are recognised by their content (bytes <c>1f 8b</c>), not by the file name.
/// </summary>
internal static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>
    /// Reads an unsigned-byte idx file of any rank: magic 2051 gives uint8 <c>[n, rows, cols]</c>,
    /// 2049 gives uint8 <c>[n]</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, not an idx file, or uses an element type other than unsigned bytes; the message names the file and the cause.</exception>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"idx file '{path}' does not exist.", path);
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[2];
            int got = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
            file.Position = 0;
            bool gzip = got == 2 && head[0] == 0x1f && head[1] == 0x8b;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return Read(stream, gzip);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable idx file: {e.Message}", e);
        }
    }

    private static NpyArray Read(Stream stream, bool gzip)
    {
        Span<byte> word = stackalloc byte[4];
        ReadExactly(stream, word, "the 4-byte magic number", gzip);
        if (word[0] != 0 || word[1] != 0 || word[3] is 0 or > 4)
            throw new InvalidDataException($"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(word):X8} (expected 0x0000TTDD, e.g. 2051 for images or 2049 for labels)");
        if (word[2] != UnsignedByteType)
            throw new InvalidDataException($"element type 0x{word[2]:X2} is not supported (only unsigned bytes, 0x08, as in MNIST)");
        var shape = new int[word[3]];
        long count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            ReadExactly(stream, word, $"the size of dimension {d}", gzip);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (size > int.MaxValue) throw new InvalidDataException($"dimension {d} has an impossible size {size}");
            shape[d] = (int)size;
            count *= size;
            if (count > Array.MaxLength) throw new InvalidDataException($"the header declares more than {Array.MaxLength} elements (shape [{string.Join(", ", shape[..(d + 1)])}])");
        }
        var data = new byte[count];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            throw new InvalidDataException($"truncated: the header declares shape [{string.Join(", ", shape)}] ({count} bytes of data) but only {read} follow{(gzip ? " after decompression" : "")}");
        // Extra bytes mean the header does not describe the file: refuse rather than guess.
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"the data is longer than the header's shape [{string.Join(", ", shape)}] declares");
        return NpyArray.FromBytes(data, shape);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what, bool gzip)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InvalidDataException($"truncated: the file{(gzip ? " (decompressed)" : "")} ends before {what}");
    }
}
