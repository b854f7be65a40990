using Microsoft.ML.AudioVisual.Evaluation;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation;

public sealed class LinearProbeTests(ITestOutputHelper output)
{
    /// <summary>Gaussian clusters: class means drawn with spread <paramref name="separation"/>, unit noise around them.</summary>
    private static (float[][] Features, int[] Labels) Clusters(int perClass, int classes, int dimension, double separation, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var means = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, dimension).Select(_ => separation * Gaussian()).ToArray()).ToArray();
        var labels = Enumerable.Range(0, perClass * classes).Select(i => i % classes).ToArray();
        var features = labels.Select(l => means[l].Select(m => (float)(m + Gaussian())).ToArray()).ToArray();
        return (features, labels);
    }

    [Fact]
    public void SeparatedClassesAreAlmostAlwaysRight()
    {
        var (features, labels) = Clusters(perClass: 20, classes: 10, dimension: 16, separation: 3, seed: 1);
        var result = LinearProbe.CrossValidate(new MLContext(seed: 1), features, labels);
        output.WriteLine($"separated clusters: {result}");
        Assert.Equal(5, result.Folds);
        Assert.Equal(5, result.FoldAccuracies.Count);
        Assert.True(result.Accuracy > 0.95, $"accuracy {result.Accuracy}");
        Assert.Equal(result.FoldAccuracies.Average(), result.Accuracy, 9); // equal folds of 40 rows
    }

    [Fact]
    public void ConfusionCountsEveryHeldOutPrediction()
    {
        // Labels that are not 0..K-1: the matrix follows the sorted labels.
        var (features, labels) = Clusters(perClass: 12, classes: 3, dimension: 4, separation: 0.8, seed: 4);
        labels = Array.ConvertAll(labels, l => 10 * l + 5);
        var result = LinearProbe.CrossValidate(new MLContext(seed: 1), features, labels);
        Assert.Equal([5, 15, 25], result.Classes);
        Assert.All(result.Confusion, row => Assert.Equal(12, row.Sum())); // each row: the 12 rows of that true class
        int correct = Enumerable.Range(0, 3).Sum(i => result.Confusion[i][i]);
        Assert.Equal(result.Accuracy, correct / 36.0, 9);
        Assert.True(correct < 36, "overlapping clusters should leave some confusion to count");
    }

    [Fact]
    public void RandomLabelsScoreAboutChance()
    {
        var (features, _) = Clusters(perClass: 20, classes: 10, dimension: 16, separation: 3, seed: 2);
        var random = new Random(3);
        var labels = features.Select(_ => random.Next(10)).ToArray();
        var result = LinearProbe.CrossValidate(new MLContext(seed: 1), features, labels);
        output.WriteLine($"random labels: {result}");
        Assert.True(result.Accuracy < 0.35, $"accuracy {result.Accuracy}");
    }

    [Fact]
    public void ConstantFeaturesDoNotProduceNaN()
    {
        var (features, labels) = Clusters(perClass: 20, classes: 4, dimension: 6, separation: 3, seed: 4);
        var padded = features.Select(f => f.Concat([0f, 5f]).ToArray()).ToArray(); // two zero-variance columns
        var result = LinearProbe.CrossValidate(new MLContext(seed: 1), padded, labels, folds: 4);
        Assert.True(result.Accuracy > 0.9, $"accuracy {result.Accuracy}");

        // Nothing but constants: no information, but still a number.
        var constant = labels.Select(_ => new[] { 1f, 2f }).ToArray();
        var blind = LinearProbe.CrossValidate(new MLContext(seed: 1), constant, labels, folds: 4);
        Assert.True(double.IsFinite(blind.Accuracy));
        Assert.InRange(blind.Accuracy, 0.0, 0.5);
    }

    [Fact]
    public void FoldsAreStratifiedAndBalanced()
    {
        var labels = Enumerable.Range(0, 203).Select(i => i % 10).ToArray(); // 20 or 21 per class
        var folds = LinearProbe.AssignFolds(labels, folds: 5, seed: 0);
        for (int fold = 0; fold < 5; fold++)
        {
            var inFold = Enumerable.Range(0, labels.Length).Where(i => folds[i] == fold).Select(i => labels[i]).ToArray();
            Assert.InRange(inFold.Length, 40, 41);
            Assert.Equal(Enumerable.Range(0, 10), inFold.Distinct().Order());
            Assert.All(inFold.GroupBy(l => l), g => Assert.InRange(g.Count(), 4, 5));
        }
        Assert.Equal(folds, LinearProbe.AssignFolds(labels, 5, seed: 0));
        Assert.NotEqual(folds, LinearProbe.AssignFolds(labels, 5, seed: 1));
    }

    [Fact]
    public void GroupsStayInOneFold()
    {
        // ESC-style: 80 clips of 10 classes, 1-3 clips per source recording.
        var random = new Random(6);
        var groups = new List<int>();
        var labels = new List<int>();
        int source = 0;
        for (int label = 0; label < 10; label++)
        {
            for (int clips = 0; clips < 8; source++)
            {
                int takes = Math.Min(8 - clips, 1 + random.Next(3));
                for (int t = 0; t < takes; t++)
                {
                    groups.Add(source * 7 + 100); // sparse, arbitrary group ids
                    labels.Add(label);
                }
                clips += takes;
            }
        }
        var folds = LinearProbe.AssignFolds([.. labels], 5, seed: 2, [.. groups]);
        foreach (var group in groups.Select((g, i) => (g, i)).GroupBy(p => p.g))
            Assert.Single(group.Select(p => folds[p.i]).Distinct());
        Assert.Equal(5, folds.Distinct().Count());

        // The probe runs with the groups and uses every row once.
        var features = labels.Select(l => Enumerable.Range(0, 8).Select(d => d == l % 8 ? 3f + (float)random.NextDouble() : (float)random.NextDouble()).ToArray()).ToArray();
        var result = LinearProbe.CrossValidate(new MLContext(seed: 1), features, [.. labels], folds: 5, seed: 2, groups: [.. groups]);
        output.WriteLine($"grouped folds ({source} groups): {result}");
        Assert.True(result.Accuracy > 0.5, $"accuracy {result.Accuracy}"); // labels l and l + 8 share a feature, so not 1

        var error = Assert.Throws<ArgumentException>(() => LinearProbe.AssignFolds([0, 1, 0, 1], 3, 0, [1, 1, 2, 2]));
        Assert.Contains("2 groups", error.Message);
        Assert.Throws<ArgumentException>(() => LinearProbe.AssignFolds([0, 1], 2, 0, [1]));
    }

    [Fact]
    public void ResultsRepeatForTheSameSeeds()
    {
        var (features, labels) = Clusters(perClass: 12, classes: 5, dimension: 8, separation: 1, seed: 7);
        var a = LinearProbe.CrossValidate(new MLContext(seed: 3), features, labels, folds: 3, seed: 5);
        var b = LinearProbe.CrossValidate(new MLContext(seed: 3), features, labels, folds: 3, seed: 5);
        Assert.Equal(a.Accuracy, b.Accuracy);
        Assert.Equal(a.FoldAccuracies, b.FoldAccuracies);
    }

    [Fact]
    public void TrainTestUsesAFixedSplit()
    {
        var (train, trainLabels) = Clusters(perClass: 20, classes: 5, dimension: 10, separation: 3, seed: 8);
        // The same clusters (same seed), fresh noise: take the second half of a larger draw.
        var (all, allLabels) = Clusters(perClass: 40, classes: 5, dimension: 10, separation: 3, seed: 8);
        var test = all[100..];
        var testLabels = allLabels[100..];
        double accuracy = LinearProbe.TrainTest(new MLContext(seed: 1), train, trainLabels, test, testLabels);
        output.WriteLine($"fixed split: {accuracy:0.000}");
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");

        // A test class never seen in training cannot be predicted: those rows count as wrong.
        var unseen = testLabels.Select(l => l == 0 ? 9 : l).ToArray();
        double withUnseen = LinearProbe.TrainTest(new MLContext(seed: 1), train, trainLabels, test, unseen);
        Assert.InRange(withUnseen, accuracy - 0.2 - 1e-9, 0.8 + 1e-9); // 20 of the 100 rows are class 0

        var error = Assert.Throws<ArgumentException>(() => LinearProbe.TrainTest(new MLContext(), train, trainLabels, [[1f, 2f]], [0]));
        Assert.Contains("10", error.Message);
        Assert.Throws<ArgumentException>(() => LinearProbe.TrainTest(new MLContext(), train, trainLabels[1..], test, testLabels));
    }
}
