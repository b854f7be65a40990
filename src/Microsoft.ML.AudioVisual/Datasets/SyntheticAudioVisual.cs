namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// A procedurally generated audio-visual data set, so that training jobs and tests run without any
/// downloaded data. Each class has its own look (a shape in a class hue: disc, square, triangle, cross,
/// ring, horizontal bars, vertical bars, diagonal stripes, checker, plus in box) and its own sound (a
/// class fundamental with a class harmonic mix and tremolo rate). Every item jitters both: the shape's
/// position, size, aspect, tilt and colour over a random noisy background; the tone's pitch, onset,
/// duration and gain over background noise. Classes are clearly distinguishable, but not from any single
/// pixel or sample.
/// </summary>
/// <remarks>
/// Generation is deterministic: item <c>i</c> depends only on the seed, <c>i</c> and the shape parameters,
/// so a larger data set with the same seed starts with the items of a smaller one. Labels are balanced:
/// every run of <c>classes</c> consecutive items starting at a multiple of <c>classes</c> holds each class
/// once, in a seeded random order. The class looks and sounds do not depend on the seed. All items are
/// held in memory, about 44 KB each at the default sizes.
/// </remarks>
internal sealed class SyntheticAudioVisual
{
    /// <summary>The largest supported number of classes (shapes repeat after ten, with other hues and sounds).</summary>
    public const int MaxClasses = 32;

    private const ulong LabelPurpose = 1;
    private const ulong ItemPurpose = 2;

    private readonly SyntheticClass[] _classes;

    private SyntheticAudioVisual(SyntheticItem[] items, SyntheticClass[] classes, int imageSize, int sampleRate, int waveformLength)
    {
        Items = items;
        _classes = classes;
        ImageSize = imageSize;
        SampleRate = sampleRate;
        WaveformLength = waveformLength;
    }

    /// <summary>The generated items.</summary>
    public IReadOnlyList<SyntheticItem> Items { get; }

    /// <summary>The number of classes.</summary>
    public int Classes => _classes.Length;

    /// <summary>The image side in pixels; images are <c>[3, ImageSize, ImageSize]</c>.</summary>
    public int ImageSize { get; }

    /// <summary>The audio sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The number of samples of every waveform.</summary>
    public int WaveformLength { get; }

    /// <summary>
    /// Generates <paramref name="count"/> items.
    /// </summary>
    /// <param name="count">How many items.</param>
    /// <param name="seed">The seed; the same arguments give the same data on every machine.</param>
    /// <param name="classes">The number of classes, 1 to <see cref="MaxClasses"/>.</param>
    /// <param name="imageSize">The image side in pixels, at least 8.</param>
    /// <param name="sampleRate">The audio sample rate in Hz, at least 1,000.</param>
    /// <param name="seconds">The clip duration; waveforms have <c>round(seconds * sampleRate)</c> samples, at least 64.</param>
    public static SyntheticAudioVisual Generate(int count, int seed, int classes = 10, int imageSize = 32, int sampleRate = 8000, double seconds = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, MaxClasses);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        if (!double.IsFinite(seconds) || seconds * sampleRate < 63.5)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"The clip must hold at least 64 samples ({64.0 / sampleRate:0.####} s at {sampleRate} Hz).");
        int length = checked((int)Math.Round(seconds * sampleRate, MidpointRounding.AwayFromZero));

        var identities = SyntheticClass.CreateAll(classes, sampleRate);
        var labels = new int[count];
        for (int block = 0; block * classes < count; block++)
        {
            var order = Enumerable.Range(0, classes).ToArray();
            var labelRandom = Pcg32.ForItem(seed, block, LabelPurpose);
            labelRandom.Shuffle(order.AsSpan());
            for (int c = 0; c < classes && block * classes + c < count; c++) labels[block * classes + c] = order[c];
        }
        // Each item draws from its own generator, so items can be made in parallel and in any order.
        var items = new SyntheticItem[count];
        Parallel.For(0, count, i =>
        {
            var random = Pcg32.ForItem(seed, i, ItemPurpose);
            var image = new float[3 * imageSize * imageSize];
            var waveform = new float[length];
            SyntheticImagePainter.Paint(image, imageSize, identities[labels[i]], ref random);
            SyntheticSoundSynth.Render(waveform, sampleRate, identities[labels[i]], ref random);
            items[i] = new SyntheticItem(image, waveform, labels[i]);
        });
        return new SyntheticAudioVisual(items, identities, imageSize, sampleRate, length);
    }

    /// <summary>A one-line description of class <paramref name="label"/> (shape, hue, fundamental, tremolo, harmonics), e.g. for logs.</summary>
    public string DescribeClass(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, Classes);
        return _classes[label].ToString();
    }
}
