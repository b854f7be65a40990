using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Correspondence;

/// <summary>Negatives of scenes that show several groups (no libtorch).</summary>
public sealed class PairSamplerTests
{
    private const int Groups = 10;

    [Fact]
    public void NegativesNeverTakeAudioOfAGroupTheImageShows()
    {
        int[] rows = [.. Enumerable.Range(0, 200)];
        int[] groups = [.. rows.Select(r => r % Groups)];
        // Each image shows its own group and the next three, as a 2x2 scene of digits does.
        int[][] visible = [.. rows.Select(r => Enumerable.Range(0, 4).Select(k => (groups[r] + k) % Groups).ToArray())];
        var sampler = new PairSampler(rows, groups, frames: 1, visible);
        var random = new Random(5);
        var negatives = Enumerable.Range(0, 4000).Select(i => sampler.Sample(i % rows.Length, random, negativeFraction: 1)).ToArray();
        Assert.All(negatives, p => Assert.False(p.Corresponds));
        Assert.All(negatives, p => Assert.DoesNotContain(groups[p.AudioRow], visible[p.VisualRow]));
        // Every group the image does not show is drawn.
        var ofFirst = Enumerable.Range(0, 300).Select(_ => groups[sampler.Sample(0, random, negativeFraction: 1).AudioRow]).Distinct().Order();
        Assert.Equal(Enumerable.Range(4, Groups - 4), ofFirst);
    }

    [Fact]
    public void WithoutVisibleGroupsOrWithOnlyTheirOwnTheDrawsAreTheSame()
    {
        int[] rows = [.. Enumerable.Range(0, 50)];
        int[] groups = [.. rows.Select(r => r % 5)];
        var plain = new PairSampler(rows, groups, frames: 3);
        var own = new PairSampler(rows, groups, frames: 3, [.. groups.Select(g => new[] { g })]);
        Random first = new(9), second = new(9);
        for (int i = 0; i < 500; i++)
            Assert.Equal(plain.Sample(i % rows.Length, first, 0.5, PositivePairing.SameGroup), own.Sample(i % rows.Length, second, 0.5, PositivePairing.SameGroup));
    }

    [Fact]
    public void AnImageThatShowsEveryGroupHasNoNegativeAndSaysSo()
    {
        int[] rows = [0, 1, 2];
        int[] groups = [0, 1, 2];
        var sampler = new PairSampler(rows, groups, frames: 1, [[0, 1, 2], [1], [2]]);
        Assert.False(sampler.HasNegatives);
        Assert.True(new PairSampler(rows, groups, frames: 1, [[0, 1], [1], [2]]).HasNegatives);
        var error = Assert.Throws<InvalidOperationException>(() => sampler.Sample(0, new Random(1), negativeFraction: 1));
        Assert.Contains("shows every group", error.Message);
    }

    [Fact]
    public void TheExampleSetReadsEachScenesClassesFromTheViewAndRejectsAScalarColumn()
    {
        var context = new MLContext(seed: 1);
        var source = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(40, 3));
        var scenes = CompositeScenes.BuildExamples(source, 2, 24, seed: 7);
        var view = scenes.PairsView(context);
        var set = AvcExampleSet.Read(view, AudioVisualExamples.ImageColumnName, AudioVisualExamples.SpectrogramColumnName,
            AudioVisualExamples.GroupColumnName, CancellationToken.None, AudioVisualExamples.VisibleGroupsColumnName);
        Assert.NotNull(set.VisibleGroups);
        // Ids are dense per distinct group value: two rows show the same ids exactly when their scenes show the same classes.
        var idOfClass = scenes.ImageLabels.Select((label, row) => (label, id: set.Groups[row])).Distinct().ToDictionary(p => p.label, p => p.id);
        for (int row = 0; row < scenes.Pairs.Count; row++)
        {
            var expected = scenes.ImageLabelSets![row].Where(idOfClass.ContainsKey).Select(c => idOfClass[c]).Order();
            Assert.Equal(expected, set.VisibleGroups[row].Order());
            Assert.Contains(set.Groups[row], set.VisibleGroups[row]);
        }

        var options = new AvcEmbeddingOptions { VisualColumnName = "Image", AudioColumnName = "Spectrogram", VisibleGroupsColumnName = "Group" };
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);   // needs GroupColumnName
        var scalar = Assert.Throws<ArgumentOutOfRangeException>(() => AvcExampleSet.Read(view, AudioVisualExamples.ImageColumnName,
            AudioVisualExamples.SpectrogramColumnName, AudioVisualExamples.GroupColumnName, CancellationToken.None, AudioVisualExamples.GroupColumnName));
        Assert.Contains(AudioVisualExamples.GroupColumnName, scalar.Message);
    }
}
