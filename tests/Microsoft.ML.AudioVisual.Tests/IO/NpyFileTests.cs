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
