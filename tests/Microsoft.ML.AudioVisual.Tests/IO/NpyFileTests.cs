using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.IO;

public sealed class NpyFileTests
{
    [Fact]
    public void RoundTripsEverySupportedTypeAndShape()
    {
        using var folder = new TempFolder();
        var arrays = new[]
        {
            NpyArray.FromSingles([1f, -2.5f, 3e-8f, float.MaxValue, 0f, 6f], 2, 3),
            NpyArray.FromDoubles([Math.PI, -1e300], 2),
            NpyArray.FromBytes([0, 1, 255], 3, 1, 1),
            NpyArray.FromInt64s([long.MinValue, 0, 42, long.MaxValue], 4),
            NpyArray.FromSingles([7f]),
        };
        for (int i = 0; i < arrays.Length; i++)
        {
            var path = folder.File($"a{i}.npy");
            NpyFile.Write(path, arrays[i]);
            var back = NpyFile.Read(path);
            Assert.Equal(arrays[i].DataType, back.DataType);
            Assert.Equal(arrays[i].Shape, back.Shape);
            Assert.Equal(arrays[i].Data, back.Data);
            Assert.Equal(0, (new FileInfo(path).Length - back.Length * ElementSize(back)) % 64); // numpy's header alignment
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp")); // no temporary file left behind
    }

    [SharedDataFact]
    public void ReadsNumpyWrittenFiles()
    {
        var input = NpyFile.Read(SharedData.Path("reference", "input", "chirp_16000.npy"));
        Assert.Equal(NpyDataType.Float32, input.DataType);
        Assert.Equal([16000], input.Shape);
        Assert.All(input.ToSingles(), v => Assert.InRange(v, -1f, 1f));
        var reference = NpyFile.Read(SharedData.Path("reference", "bss_eval", "pair0.reference.npy"));
        Assert.Equal(NpyDataType.Float64, reference.DataType);
        Assert.Equal([2, 8000], reference.Shape);
    }

    [Fact]
    public void FortranOrderIsReorderedToCOrder()
    {
        using var folder = new TempFolder();
        var path = folder.File("f.npy");
        // numpy.asfortranarray([[1, 2, 3], [4, 5, 6]], dtype='<f4') stores 1 4 2 5 3 6.
        var header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        header += new string(' ', 128 - 10 - header.Length - 1) + "\n";
        using (var stream = File.Create(path))
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
            foreach (var v in new float[] { 1, 4, 2, 5, 3, 6 }) stream.Write(BitConverter.GetBytes(v));
        }
        var array = NpyFile.Read(path);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], array.ToSingles());
    }

    [Fact]
    public void TruncatedFileIsAClearErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("cut.npy");
        NpyFile.Write(path, new float[100], 10, 10);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 8)]);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);

        File.WriteAllText(path, "not numpy at all");
        error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("magic", error.Message);
        Assert.Throws<FileNotFoundException>(() => NpyFile.Read(folder.File("absent.npy")));
    }

    [Fact]
    public void FailedWriteKeepsThePreviousFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("keep.npy");
        NpyFile.Write(path, [1f, 2f], 2);
        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));
        Assert.Equal([1f, 2f], NpyFile.Read(path).ToSingles());
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    private static int ElementSize(NpyArray a) => a.DataType switch { NpyDataType.UInt8 => 1, NpyDataType.Float32 => 4, _ => 8 };
}
