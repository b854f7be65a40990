using Microsoft.ML.AudioVisual.Datasets;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class AvMnistFsddTests
{
    private static readonly Lazy<AvMnistFsdd> Shared = new(() =>
        AvMnistFsdd.Load(SharedData.Path("data", "fsdd"), SharedData.Path("data", "mnist")));

    [SharedDataFact]
    public void SplitsFollowTheFsddAndMnistConventions()
    {
        var data = Shared.Value;
        Assert.Equal(2500, data.GetRecordings(Split.All).Count);
        Assert.Equal(2250, data.GetRecordings(Split.Train).Count);
        Assert.Equal(250, data.GetRecordings(Split.Test).Count);
        Assert.All(data.GetRecordings(Split.Test), r => Assert.InRange(r.Take, 0, 4));
        Assert.All(data.GetRecordings(Split.Train), r => Assert.InRange(r.Take, 5, 49));
        Assert.Equal(data.GetRecordings(Split.Test), data.GetRecordingIndices(Split.Test).Select(i => data.Recordings[i]));

        Assert.Equal(8000, data.GetImageIndices(Split.All).Count);
        Assert.Equal(Enumerable.Range(0, 6400), data.GetImageIndices(Split.Train));
        Assert.Equal(Enumerable.Range(6400, 1600), data.GetImageIndices(Split.Test));
    }

    [SharedDataTheory]
    [InlineData(Split.Train)]
    [InlineData(Split.Test)]
    public void PairsJoinTheSameDigitWithinTheSplit(Split split)
    {
        var data = Shared.Value;
        var images = data.GetImageIndices(split).ToHashSet();
        var recordings = data.GetRecordingIndices(split).ToHashSet();
        int count = 2 * images.Count + 7;
        var pairs = data.MakePairs(split, count, seed: 1);
        Assert.Equal(count, pairs.Count);
        foreach (var pair in pairs)
        {
            Assert.Contains(pair.ImageIndex, images);
            Assert.Contains(pair.RecordingIndex, recordings);
            Assert.Equal(pair.Digit, data.Images.Labels[pair.ImageIndex]);
            Assert.Equal(pair.Digit, data.Recordings[pair.RecordingIndex].Digit);
        }
        // Every image of the split is used equally: twice, or three times for the 7 extra pairs.
        var uses = pairs.GroupBy(p => p.ImageIndex).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(images.Count, uses.Count);
        Assert.Equal(7, uses.Values.Count(n => n == 3));
        Assert.Equal(images.Count - 7, uses.Values.Count(n => n == 2));
        // Recordings are drawn at random: most of each digit's recordings appear.
        Assert.True(pairs.Select(p => p.RecordingIndex).Distinct().Count() > 0.8 * recordings.Count);
    }

    [SharedDataFact]
    public void PairsAreDeterministicPerSeed()
    {
        var data = Shared.Value;
        var a = data.MakePairs(Split.Train, 500, seed: 3);
        Assert.Equal(a, data.MakePairs(Split.Train, 500, seed: 3));
        var b = data.MakePairs(Split.Train, 500, seed: 4);
        Assert.NotEqual(a, b);
        Assert.True(a.Zip(b).Count(p => p.First.ImageIndex == p.Second.ImageIndex) < 10, "another seed visits the images in another order");
        // The first pass is a permutation, so a prefix of a longer draw is the shorter draw.
        Assert.Equal(a, data.MakePairs(Split.Train, 1000, seed: 3).Take(500));
    }

    [SharedDataFact]
    public void SmallMnistSetsOnlyOfferTheWholeSet()
    {
        var full = Shared.Value;
        var data = new AvMnistFsdd(full.Recordings, full.Images.Slice(0, 6400));
        var error = Assert.Throws<InvalidOperationException>(() => data.GetImageIndices(Split.Test));
        Assert.Contains("6400", error.Message);
        Assert.Contains("Split.All", error.Message);
        Assert.Throws<InvalidOperationException>(() => data.MakePairs(Split.Train, 10, seed: 0));
        Assert.Equal(2250, data.GetRecordings(Split.Train).Count); // the FSDD split does not depend on MNIST

        var pairs = data.MakePairs(Split.All, 100, seed: 0);
        Assert.Equal(100, pairs.Select(p => p.ImageIndex).Distinct().Count());
        Assert.All(pairs, p => Assert.Equal(p.Digit, data.Recordings[p.RecordingIndex].Digit));
    }

    [Fact]
    public void DigitsWithoutRecordingsCannotBePaired()
    {
        using var folder = new TempFolder();
        IdxTestFiles.Write(folder.File("images-idx3-ubyte"), gzip: false, new byte[2 * 4], 2, 2, 2);
        IdxTestFiles.Write(folder.File("labels-idx1-ubyte"), gzip: false, [3, 5], 2);
        var images = MnistImages.Load(folder.Path);
        var recordings = new[] { new FsddRecording("3_a_0.wav", 3, "a", 0), new FsddRecording("5_a_9.wav", 5, "a", 9) };
        var data = new AvMnistFsdd(recordings, images);
        Assert.Equal([new AvPair(0, 0, 3), new AvPair(1, 1, 5)], data.MakePairs(Split.All, 2, seed: 0).OrderBy(p => p.ImageIndex));
        var error = Assert.Throws<InvalidOperationException>(() => new AvMnistFsdd(recordings[..1], images).MakePairs(Split.All, 2, seed: 0));
        Assert.Contains("digit 5", error.Message);
    }
}
