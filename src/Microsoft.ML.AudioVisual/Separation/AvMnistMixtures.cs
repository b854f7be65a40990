using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Seeded evaluation manifests of AV-MNIST-FSDD mixtures: every recording of the split is mixed once, as the first source,
/// with recordings of other digits drawn from the same split, each source with an MNIST image of its digit. With the
/// recordings of one speaker, every mixture is a same-speaker mixture.
/// </summary>
public static class AvMnistMixtures
{
    /// <summary>The manifest: one mixture per recording of <paramref name="split"/>.</summary>
    /// <param name="data">Recordings and images.</param>
    /// <param name="split">Which recordings (FSDD takes) and images (MNIST part) to use.</param>
    /// <param name="sources">Sources per mixture (2 to 4; at most one per digit).</param>
    /// <param name="clipSamples">Clip length at the recordings' rate; shorter recordings get a random offset within it.</param>
    /// <param name="seed">Seeds the partners, images and offsets.</param>
    /// <param name="imageSplit">Which images, when not those of <paramref name="split"/>.</param>
    public static IReadOnlyList<MixtureSpec> Manifest(AvMnistFsdd data, Split split, int sources, int clipSamples, int seed, Split? imageSplit = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sources, 4);
        var recordings = data.GetRecordingIndices(split);
        var byDigit = recordings.GroupBy(r => data.Recordings[r].Digit).ToDictionary(g => g.Key, g => g.ToArray());
        if (byDigit.Count < sources)
            throw new ArgumentException($"Mixtures of {sources} different digits need recordings of at least {sources} digits; the split has {byDigit.Count}.", nameof(data));
        var imagesByDigit = data.GetImageIndices(imageSplit ?? split).GroupBy(i => data.Images.Labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new Random(seed);
        var lengths = new Dictionary<int, int>();
        int Length(int recording) => lengths.TryGetValue(recording, out var n) ? n : lengths[recording] = Fsdd.LoadSamples(data.Recordings[recording]).Length;
        MixtureSource Source(int recording)
        {
            int digit = data.Recordings[recording].Digit;
            if (!imagesByDigit.TryGetValue(digit, out var images))
                throw new ArgumentException($"The image split has no image of digit {digit}.", nameof(data));
            int slack = clipSamples - Length(recording);
            int offset = slack >= 0 ? random.Next(slack + 1) : -random.Next(-slack + 1);
            return new MixtureSource(recording, images[random.Next(images.Length)], digit, offset);
        }
        var manifest = new List<MixtureSpec>(recordings.Count);
        foreach (var first in recordings)
        {
            var digits = new List<int> { data.Recordings[first].Digit };
            var chosen = new List<MixtureSource> { Source(first) };
            while (chosen.Count < sources)
            {
                var others = byDigit.Keys.Where(d => !digits.Contains(d)).Order().ToArray();
                int digit = others[random.Next(others.Length)];
                digits.Add(digit);
                chosen.Add(Source(byDigit[digit][random.Next(byDigit[digit].Length)]));
            }
            manifest.Add(new MixtureSpec(chosen));
        }
        return manifest;
    }
}
