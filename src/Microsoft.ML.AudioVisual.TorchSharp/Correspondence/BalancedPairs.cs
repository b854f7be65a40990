using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Evaluation pairs for correspondence accuracy (indices into a set's images and sounds): every sound once with
/// a random image of its class and once with a random image of another class, drawn from a seed.
/// </summary>
internal static class BalancedPairs
{
    public static (List<int> Images, List<int> Sounds, List<bool> Corresponds) Draw(AudioVisualExamples data, int seed)
    {
        var random = new Random(seed);
        var byClass = data.ImageLabels.Select((label, index) => (label, index)).GroupBy(p => p.label)
            .ToDictionary(g => g.Key, g => g.Select(p => p.index).ToArray());
        var others = byClass.Keys.ToDictionary(k => k, k => byClass.Where(g => g.Key != k).SelectMany(g => g.Value).ToArray());
        var images = new List<int>();
        var sounds = new List<int>();
        var corresponds = new List<bool>();
        for (int i = 0; i < data.Spectrograms.Count; i++)
        {
            int label = data.AudioLabels[i];
            if (!byClass.TryGetValue(label, out var same) || others[label].Length == 0) continue;
            images.Add(same[random.Next(same.Length)]);
            sounds.Add(i);
            corresponds.Add(true);
            images.Add(others[label][random.Next(others[label].Length)]);
            sounds.Add(i);
            corresponds.Add(false);
        }
        if (corresponds.Count == 0) throw new InvalidOperationException("No sound has both a same-class and an other-class image to pair with.");
        return (images, sounds, corresponds);
    }

    /// <summary>The fraction of pairs whose score is on the right side of 0.5.</summary>
    public static double Accuracy(IReadOnlyList<float> scores, IReadOnlyList<bool> corresponds) =>
        scores.Select((s, i) => (s > 0.5f) == corresponds[i] ? 1.0 : 0.0).Average();
}
