using System.Collections.Immutable;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Downstream;

public sealed class EvaluationProtocolTests
{
    /// <summary>An in-memory data set: <paramref name="classes"/> x <paramref name="perClass"/> items, <paramref name="perGroup"/> consecutive items per source.</summary>
    private static DownstreamDataset Dataset(int classes, int perClass, int perGroup = 1, Func<int, int?>? fold = null, Func<int, Split?>? split = null)
    {
        var items = Enumerable.Range(0, classes * perClass).Select(i => new DownstreamItem(
            $"/data/{i}.wav", $"c{i / perClass}", fold?.Invoke(i), split?.Invoke(i),
            new Dictionary<string, string> { ["src_file"] = $"s{i / perGroup}" })).ToList();
        return new DownstreamDataset("toy", MediaModality.Audio, Enumerable.Range(0, classes).Select(c => $"c{c}"), items);
    }

    [Fact]
    public void GroupedFoldsKeepEachGroupTogether()
    {
        var dataset = Dataset(classes: 4, perClass: 9, perGroup: 3);
        var folds = EvaluationProtocol.CrossValidation(dataset, folds: 3, groupBy: "src_file", seed: 5);
        Assert.Equal(3, folds.Count);
        var groups = dataset.AttributeValues("src_file");
        foreach (var group in Enumerable.Range(0, groups.Length).GroupBy(i => groups[i]))
            Assert.Single(group.Select(i => folds.FoldOf[i]).Distinct());
        for (int round = 0; round < folds.Count; round++)
        {
            var (train, test) = folds.Round(round);
            Assert.NotEmpty(test);
            Assert.Empty(train.Select(i => groups[i]).Intersect(test.Select(i => groups[i])));
            Assert.Equal(dataset.Items.Count, train.Length + test.Length);
        }
        Assert.Contains("grouped by src_file (12 groups)", folds.Description);
        Assert.Equal(folds.FoldOf, EvaluationProtocol.CrossValidation(dataset, 3, "src_file", seed: 5).FoldOf);
    }

    [Fact]
    public void DeclaredFoldsAreLeftOutOneAtATime()
    {
        var dataset = Dataset(classes: 2, perClass: 10, fold: i => 1 + (i % 5));
        var folds = EvaluationProtocol.Choose(dataset);
        Assert.Equal([1, 2, 3, 4, 5], folds.FoldIds);
        var (train, test) = folds.Round(2);
        Assert.All(test, i => Assert.Equal(3, dataset.Items[i].Fold));
        Assert.All(train, i => Assert.NotEqual(3, dataset.Items[i].Fold));

        // Only one declared fold present (the shared ESC-10 subset): say how to cross-validate instead.
        var single = Dataset(classes: 2, perClass: 4, fold: _ => 4);
        var error = Assert.Throws<ArgumentException>(() => EvaluationProtocol.Choose(single));
        Assert.Contains("--folds", error.Message);
        Assert.Contains("--group-by", Assert.Throws<ArgumentException>(() => EvaluationProtocol.Choose(Dataset(2, 4))).Message);
        Assert.Contains("--folds K", Assert.Throws<ArgumentException>(() => EvaluationProtocol.Choose(single, groupBy: "src_file")).Message);
    }

    [Fact]
    public void ADeclaredSplitTrainsOnTrainAndTestsOnTest()
    {
        var dataset = Dataset(classes: 2, perClass: 6, split: i => i % 3 == 0 ? Split.Test : Split.Train);
        var folds = EvaluationProtocol.Choose(dataset);
        Assert.Equal(1, folds.Count);
        var (train, test) = folds.Round(0);
        Assert.All(test, i => Assert.Equal(Split.Test, dataset.Items[i].Split));
        Assert.All(train, i => Assert.Equal(Split.Train, dataset.Items[i].Split));
        Assert.Equal("declared train/test split (8 train, 4 test)", folds.Description);
        // --folds overrides the declared split.
        Assert.Equal(2, EvaluationProtocol.Choose(dataset, folds: 2).Count);
    }

    [Fact]
    public void StandardisationIsFittedOnTheTrainingRowsOnly()
    {
        // Training rows around 0, held-out rows around 1000: a scaler fitted on all rows would centre near 333.
        var random = new Random(3);
        var features = Enumerable.Range(0, 30).Select(i => new[] { (float)((i < 20 ? 0 : 1000) + random.NextDouble()), (float)(i % 2) }).ToArray();
        var labels = Enumerable.Range(0, 30).Select(i => i % 2).ToArray();
        var train = Enumerable.Range(0, 20).ToArray();
        var model = (TransformerChain<ITransformer>)PipelineFitting.Fit(new MLContext(seed: 1), DownstreamPipeline.Default(), features, labels, train, seed: 0);
        var normalizer = Assert.Single(model.OfType<NormalizingTransformer>());
        var parameters = Assert.IsType<NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>>(normalizer.GetNormalizerModelParameters(0));

        double mean = train.Average(i => features[i][0]);
        double std = Math.Sqrt(train.Sum(i => Math.Pow(features[i][0] - mean, 2)) / (train.Length - 1));
        Assert.Equal(mean, parameters.Offset[0], 3);
        Assert.InRange(parameters.Scale[0] * std, 0.95, 1.05); // sample or population deviation of the 20 training rows
    }
}
