using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// MNIST-style handwritten digit images with their labels, read from a pair of idx files. The pixels
/// stay as bytes (0 = background, 255 = ink); <see cref="ToFloats"/> converts one image at a time.
/// </summary>
public sealed class MnistImages
{
    // Name prefixes tried in order: the shared-data names, then the classic MNIST names.
    private static readonly string[] Prefixes = ["", "t10k-", "train-"];

    private readonly ReadOnlyMemory<byte> _pixels;

    private MnistImages(ReadOnlyMemory<byte> pixels, int[] labels, int rows, int columns)
    {
        _pixels = pixels;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The image height in pixels (28 for MNIST).</summary>
    public int Rows { get; }

    /// <summary>The image width in pixels (28 for MNIST).</summary>
    public int Columns { get; }

    /// <summary>The label of every image, in file order. Shared, not copied: do not modify.</summary>
    public int[] Labels { get; }

    /// <summary>The number of pixels of one image (<see cref="Rows"/> x <see cref="Columns"/>).</summary>
    public int PixelCount => Rows * Columns;

    /// <summary>
    /// Loads the images and labels in <paramref name="folder"/>: <c>images-idx3-ubyte</c> and
    /// <c>labels-idx1-ubyte</c>, or the classic <c>t10k-images-idx3-ubyte</c>/<c>t10k-labels-idx1-ubyte</c>
    /// or <c>train-images-idx3-ubyte</c>/<c>train-labels-idx1-ubyte</c>, each with or without <c>.gz</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">No image file, or the label file that goes with it, is in the folder.</exception>
    /// <exception cref="ArgumentException">The folder holds both the t10k and the train files; use <see cref="Load(string, string)"/>.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid idx file of the right kind, or the image and label counts differ.</exception>
    public static MnistImages Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"MNIST folder '{folder}' does not exist.");
        var found = Prefixes
            .Select(prefix => (Prefix: prefix, Images: Find(folder, prefix + "images-idx3-ubyte")))
            .Where(c => c.Images is not null)
            .ToList();
        if (found.Count == 0)
            throw new FileNotFoundException($"No MNIST image file in '{folder}' (looked for images-idx3-ubyte, t10k-images-idx3-ubyte and train-images-idx3-ubyte, with or without .gz).");
        // Unprefixed files are the shared-data layout and win; otherwise the choice must be unambiguous.
        if (found[0].Prefix.Length > 0 && found.Count > 1)
            throw new ArgumentException($"'{folder}' holds both the MNIST t10k and train files; load one pair with MnistImages.Load(imagesPath, labelsPath).", nameof(folder));
        var prefix = found[0].Prefix;
        var labels = Find(folder, prefix + "labels-idx1-ubyte")
            ?? throw new FileNotFoundException($"'{found[0].Images}' has no label file beside it (expected {prefix}labels-idx1-ubyte or {prefix}labels-idx1-ubyte.gz in '{folder}').");
        return Load(found[0].Images!, labels);
    }

    /// <summary>Loads images and labels from two idx files (gzip-compressed or raw).</summary>
    /// <exception cref="InvalidDataException">A file is not a valid idx file of the right kind, or the counts differ.</exception>
    public static MnistImages Load(string imagesPath, string labelsPath)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Shape.Length != 3)
            throw new InvalidDataException($"'{imagesPath}' holds a {images.Shape.Length}-dimensional array; MNIST images are [count, rows, columns] (idx magic 2051).");
        if (labels.Shape.Length != 1)
            throw new InvalidDataException($"'{labelsPath}' holds a {labels.Shape.Length}-dimensional array; MNIST labels are [count] (idx magic 2049).");
        if (images.Shape[0] != labels.Shape[0])
            throw new InvalidDataException($"'{imagesPath}' holds {images.Shape[0]} images but '{labelsPath}' holds {labels.Shape[0]} labels.");
        var labelValues = Array.ConvertAll((byte[])labels.Data, b => (int)b);
        return new MnistImages((byte[])images.Data, labelValues, images.Shape[1], images.Shape[2]);
    }

    /// <summary>The pixels of image <paramref name="index"/>, row by row (0 = background, 255 = ink).</summary>
    public ReadOnlySpan<byte> Pixels(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.Span.Slice(index * PixelCount, PixelCount);
    }

    /// <summary>Image <paramref name="index"/> as floats in [0, 1] (value / 255), in <c>[1, rows, columns]</c> order.</summary>
    public float[] ToFloats(int index)
    {
        var pixels = Pixels(index);
        var output = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) output[i] = pixels[i] / 255f;
        return output;
    }

    /// <summary>The images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1, sharing the pixel memory.</summary>
    public MnistImages Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Images {start} to {start + count - 1} are out of range: there are {Count}.");
        return new MnistImages(_pixels.Slice(start * PixelCount, count * PixelCount), Labels.AsSpan(start, count).ToArray(), Rows, Columns);
    }

    private static string? Find(string folder, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
