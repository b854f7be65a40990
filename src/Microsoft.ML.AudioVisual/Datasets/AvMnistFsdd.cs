namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// AV-MNIST-FSDD: MNIST images paired with Free Spoken Digit Dataset recordings of the same digit.
/// No image belongs to a particular recording; pairs are drawn by class (<see cref="MakePairs"/>),
/// and the digit labels serve only to form them. Splits: FSDD's official one (takes 0-4 test,
/// 5-49 train) and, for MNIST, the first <see cref="MnistTrainCount"/> images for training and the
/// rest for testing.
/// </summary>
public sealed class AvMnistFsdd
{
    /// <summary>The number of leading MNIST images in the training split.</summary>
    public const int MnistTrainCount = 6400;

    private const int Digits = 10;

    private readonly int[][] _recordingIndices; // by split: All, Train, Test

    /// <summary>Combines recordings and images that are already loaded.</summary>
    /// <exception cref="ArgumentException">There are no recordings or images, or a label is not a digit 0-9.</exception>
    public AvMnistFsdd(IReadOnlyList<FsddRecording> recordings, MnistImages images)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(images);
        if (recordings.Count == 0) throw new ArgumentException("AV-MNIST-FSDD needs at least one FSDD recording.", nameof(recordings));
        if (images.Count == 0) throw new ArgumentException("AV-MNIST-FSDD needs at least one MNIST image.", nameof(images));
        for (int i = 0; i < recordings.Count; i++)
        {
            if (recordings[i].Digit is < 0 or >= Digits)
                throw new ArgumentException($"Recording {i} ('{recordings[i].Path}') has digit {recordings[i].Digit}; digits are 0-9.", nameof(recordings));
        }
        for (int i = 0; i < images.Count; i++)
        {
            if (images.Labels[i] is < 0 or >= Digits)
                throw new ArgumentException($"MNIST image {i} has label {images.Labels[i]}; digits are 0-9.", nameof(images));
        }
        Recordings = recordings;
        Images = images;
        var all = Enumerable.Range(0, recordings.Count).ToArray();
        _recordingIndices =
        [
            all,
            all.Where(i => !recordings[i].IsOfficialTest).ToArray(),
            all.Where(i => recordings[i].IsOfficialTest).ToArray(),
        ];
    }

    /// <summary>Scans an FSDD folder (see <see cref="Fsdd.Scan"/>) and loads an MNIST folder (see <see cref="MnistImages.Load(string)"/>).</summary>
    public static AvMnistFsdd Load(string fsddFolder, string mnistFolder) =>
        new(Fsdd.Scan(fsddFolder), MnistImages.Load(mnistFolder));

    /// <summary>
    /// The same images with only the recordings of speakers that <paramref name="keep"/> accepts: e.g. all speakers
    /// but one for training, and that one alone to measure what the model does with a voice it never heard.
    /// </summary>
    /// <exception cref="ArgumentException">No recording is left.</exception>
    public AvMnistFsdd WhereSpeaker(Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = Recordings.Where(r => keep(r.Speaker)).ToArray();
        if (kept.Length == 0)
            throw new ArgumentException($"No recording is left of the speakers {string.Join(", ", Speakers)}.", nameof(keep));
        return new AvMnistFsdd(kept, Images);
    }

    /// <summary>The speakers of the recordings, sorted.</summary>
    public IReadOnlyList<string> Speakers => Recordings.Select(r => r.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every recording, in <see cref="Fsdd.Scan"/> order. <see cref="AvPair.RecordingIndex"/> indexes this list.</summary>
    public IReadOnlyList<FsddRecording> Recordings { get; }

    /// <summary>Every image. <see cref="AvPair.ImageIndex"/> indexes these.</summary>
    public MnistImages Images { get; }

    /// <summary>The indices into <see cref="Recordings"/> of the recordings in <paramref name="split"/>, ascending.</summary>
    public IReadOnlyList<int> GetRecordingIndices(Split split) => _recordingIndices[CheckSplit(split)];

    /// <summary>The recordings in <paramref name="split"/>: FSDD's official split, takes 0-4 test, 5-49 train.</summary>
    public IReadOnlyList<FsddRecording> GetRecordings(Split split) =>
        Array.ConvertAll(_recordingIndices[CheckSplit(split)], i => Recordings[i]);

    /// <summary>
    /// The indices into <see cref="Images"/> of the images in <paramref name="split"/>, ascending: the
    /// first <see cref="MnistTrainCount"/> images for training, the rest for testing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A train or test split is asked for but there are not more than <see cref="MnistTrainCount"/> images.</exception>
    public IReadOnlyList<int> GetImageIndices(Split split)
    {
        var (start, count) = ImageRange(split);
        return Enumerable.Range(start, count).ToArray();
    }

    /// <summary>
    /// Draws <paramref name="count"/> image-recording pairs of the same digit from <paramref name="split"/>.
    /// The images of the split are visited in a seeded random order, reshuffled after each pass, so each
    /// is used <c>count / images</c> times (rounded down or up); each image gets a recording drawn
    /// uniformly from the split's recordings of its digit.
    /// </summary>
    /// <returns>The pairs, the same for the same data, split, count and seed.</returns>
    /// <exception cref="InvalidOperationException">An image's digit has no recording in the split, or the MNIST split is unavailable (see <see cref="GetImageIndices"/>).</exception>
    public IReadOnlyList<AvPair> MakePairs(Split split, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (start, imageCount) = ImageRange(split);
        var byDigit = new List<int>[Digits];
        for (int d = 0; d < Digits; d++) byDigit[d] = [];
        foreach (var r in _recordingIndices[CheckSplit(split)]) byDigit[Recordings[r].Digit].Add(r);
        for (int i = start; i < start + imageCount; i++)
        {
            int digit = Images.Labels[i];
            if (byDigit[digit].Count == 0)
                throw new InvalidOperationException($"MNIST image {i} shows digit {digit} but the {split} split has no FSDD recording of it.");
        }

        var random = new Pcg32((ulong)(uint)seed, stream: 0xA7);
        var order = Enumerable.Range(start, imageCount).ToArray();
        var pairs = new AvPair[count];
        for (int i = 0; i < count; i++)
        {
            if (i % imageCount == 0) random.Shuffle(order.AsSpan());
            int image = order[i % imageCount];
            int digit = Images.Labels[image];
            var candidates = byDigit[digit];
            pairs[i] = new AvPair(image, candidates[random.NextInt(candidates.Count)], digit);
        }
        return pairs;
    }

    private (int Start, int Count) ImageRange(Split split)
    {
        CheckSplit(split);
        if (split == Split.All) return (0, Images.Count);
        if (Images.Count <= MnistTrainCount)
            throw new InvalidOperationException(
                $"The AV-MNIST-FSDD {split} split takes the first {MnistTrainCount} MNIST images for training and the rest for testing, " +
                $"but there are only {Images.Count} images. Use Split.All, or an MNIST set with more than {MnistTrainCount} images.");
        return split == Split.Train ? (0, MnistTrainCount) : (MnistTrainCount, Images.Count - MnistTrainCount);
    }

    private static int CheckSplit(Split split) =>
        split is Split.All or Split.Train or Split.Test
            ? (int)split
            : throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split.");
}
