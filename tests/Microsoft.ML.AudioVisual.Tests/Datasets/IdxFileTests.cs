using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class IdxFileTests
{
    [SharedDataFact]
    public void ReadsTheSharedGzipMnistFiles()
    {
        var images = IdxFile.Read(SharedData.Path("data", "mnist", "images-idx3-ubyte.gz"));
        var labels = IdxFile.Read(SharedData.Path("data", "mnist", "labels-idx1-ubyte.gz"));
        Assert.Equal(NpyDataType.UInt8, images.DataType);
        Assert.Equal([8000, 28, 28], images.Shape);
        Assert.Equal([8000], labels.Shape);
        var pixels = (byte[])images.Data;
        Assert.Equal(0, pixels[0]); // corners are background
        Assert.Equal(255, pixels.Max());
        // Per-class counts from the data README.
        var counts = ((byte[])labels.Data).GroupBy(b => b).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([773, 905, 834, 803, 788, 723, 756, 813, 787, 818], counts);
    }

    [Theory]
    [InlineData(false, "raw.idx")]
    [InlineData(true, "compressed.idx")] // no .gz suffix: compression is found from the content
    public void ReadsRawAndCompressedFilesOfAnyRank(bool gzip, string name)
    {
        using var folder = new TempFolder();
        var data = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        IdxTestFiles.Write(folder.File(name), gzip, data, 2, 3, 4);
        var array = IdxFile.Read(folder.File(name));
        Assert.Equal([2, 3, 4], array.Shape);
        Assert.Equal(data, (byte[])array.Data);

        IdxTestFiles.Write(folder.File("labels"), gzip, [7, 1, 9], 3);
        var labels = IdxFile.Read(folder.File("labels"));
        Assert.Equal([3], labels.Shape);
        Assert.Equal(new byte[] { 7, 1, 9 }, (byte[])labels.Data);
    }

    [Fact]
    public void TruncatedRawFileNamesTheFileAndCause()
    {
        using var folder = new TempFolder();
        var bytes = IdxTestFiles.Encode(new byte[2 * 28 * 28], 2, 28, 28);
        var path = folder.File("images-idx3-ubyte");
        File.WriteAllBytes(path, bytes[..^100]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("[2, 28, 28]", error.Message);

        File.WriteAllBytes(path, bytes[..10]); // cut inside the header
        error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("dimension 1", error.Message);
    }

    [SharedDataFact]
    public void TruncatedGzipFileNamesTheFile()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(SharedData.Path("data", "mnist", "images-idx3-ubyte.gz"));
        var path = folder.File("images-idx3-ubyte.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ForeignFilesAreRefused()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.txt");
        File.WriteAllText(path, "this is not an idx file");
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic", error.Message);

        // A valid header for 16-bit integers (type 0x0B): a real idx type, but not one MNIST uses.
        var shorts = IdxTestFiles.Encode(new byte[8], 4);
        shorts[2] = 0x0B;
        File.WriteAllBytes(path, shorts);
        error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("0x0B", error.Message);

        // Trailing bytes mean the header does not describe the file.
        File.WriteAllBytes(path, [.. IdxTestFiles.Encode([1, 2, 3], 3), 4]);
        error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains("longer", error.Message);

        Assert.Throws<FileNotFoundException>(() => IdxFile.Read(folder.File("missing")));
    }
}
