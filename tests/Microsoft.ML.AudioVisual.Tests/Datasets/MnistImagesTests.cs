using Microsoft.ML.AudioVisual.Datasets;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class MnistImagesTests
{
    [SharedDataFact]
    public void LoadsTheSharedImages()
    {
        var images = MnistImages.Load(SharedData.Path("data", "mnist"));
        Assert.Equal(8000, images.Count);
        Assert.Equal((28, 28, 784), (images.Rows, images.Columns, images.PixelCount));
        Assert.Equal(7, images.Labels[0]); // the first t10k digit is a 7
        Assert.Equal(818, images.Labels.Count(l => l == 9));

        var floats = images.ToFloats(0);
        var pixels = images.Pixels(0).ToArray();
        Assert.Equal(784, floats.Length);
        Assert.All(floats, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(pixels.Select(p => p / 255f), floats);
        Assert.Contains(1f, images.ToFloats(1)); // some pixels are full ink

        var tail = images.Slice(6400, 1600);
        Assert.Equal(1600, tail.Count);
        Assert.Equal(images.Labels[6400..], tail.Labels);
        Assert.Equal(images.Pixels(6405).ToArray(), tail.Pixels(5).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => images.Slice(7999, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tail.Pixels(1600));
    }

    [Fact]
    public void FindsTheClassicFileNames()
    {
        using var folder = new TempFolder();
        var pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)i).ToArray();
        IdxTestFiles.Write(folder.File("t10k-images-idx3-ubyte"), gzip: false, pixels, 3, 4, 5);
        IdxTestFiles.Write(folder.File("t10k-labels-idx1-ubyte.gz"), gzip: true, [2, 0, 1], 3);
        var images = MnistImages.Load(folder.Path);
        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal([2, 0, 1], images.Labels);
        Assert.Equal(pixels[20..40], images.Pixels(1).ToArray());

        // With the train files as well, the choice is ambiguous and must be made explicitly.
        IdxTestFiles.Write(folder.File("train-images-idx3-ubyte.gz"), gzip: true, pixels, 3, 4, 5);
        IdxTestFiles.Write(folder.File("train-labels-idx1-ubyte.gz"), gzip: true, [2, 0, 1], 3);
        var error = Assert.Throws<ArgumentException>(() => MnistImages.Load(folder.Path));
        Assert.Contains("Load(imagesPath, labelsPath)", error.Message);
        Assert.Equal(3, MnistImages.Load(folder.File("train-images-idx3-ubyte.gz"), folder.File("train-labels-idx1-ubyte.gz")).Count);
    }

    [Fact]
    public void MismatchedCountsAndMissingFilesAreErrors()
    {
        using var folder = new TempFolder();
        IdxTestFiles.Write(folder.File("images-idx3-ubyte.gz"), gzip: true, new byte[3 * 2 * 2], 3, 2, 2);
        var missing = Assert.Throws<FileNotFoundException>(() => MnistImages.Load(folder.Path));
        Assert.Contains("labels-idx1-ubyte", missing.Message);

        IdxTestFiles.Write(folder.File("labels-idx1-ubyte.gz"), gzip: true, [1, 2], 2);
        var error = Assert.Throws<InvalidDataException>(() => MnistImages.Load(folder.Path));
        Assert.Contains("3 images", error.Message);
        Assert.Contains("2 labels", error.Message);

        // Images and labels swapped: the ranks give it away.
        error = Assert.Throws<InvalidDataException>(() => MnistImages.Load(folder.File("labels-idx1-ubyte.gz"), folder.File("images-idx3-ubyte.gz")));
        Assert.Contains("[count, rows, columns]", error.Message);

        using var empty = new TempFolder();
        Assert.Throws<FileNotFoundException>(() => MnistImages.Load(empty.Path));
    }
}
