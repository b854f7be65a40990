using System.Diagnostics;
using Microsoft.ML.AudioVisual.Evaluation;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation;

public sealed class RetrievalMetricsTests(ITestOutputHelper output)
{
    private const int A = 0, B = 1;

    // One-dimensional embeddings keep the distances easy to follow by hand.
    private static float[][] Points(params float[] xs) => xs.Select(x => new[] { x, 0f }).ToArray();

    private static double D(int rank) => 1 / Math.Log2(rank + 1); // DCG discount of a 1-based rank

    [Fact]
    public void MatchesHandComputedScores()
    {
        var gallery = Points(0, 1, 2, 3, 4);
        int[] galleryLabels = [A, B, A, B, B];
        var queries = Points(0.1f, 4.2f, 2f);
        int[] queryLabels = [A, A, B];
        // Rankings:   query 0: 0 1 2 3 4 -> relevant (A) at ranks 1, 3
        //             query 1: 4 3 2 1 0 -> relevant (A) at ranks 3, 5
        //             query 2: 2 (1 3) (0 4), ties by index -> relevant (B) at ranks 2, 3, 5
        var report = RetrievalMetrics.Evaluate(queries, queryLabels, gallery, galleryLabels);

        double[] ap = [(1.0 / 1 + 2.0 / 3) / 2, (1.0 / 3 + 2.0 / 5) / 2, (1.0 / 2 + 2.0 / 3 + 3.0 / 5) / 3];
        double[] ndcg =
        [
            (D(1) + D(3)) / (D(1) + D(2)),
            (D(3) + D(5)) / (D(1) + D(2)),
            (D(2) + D(3) + D(5)) / (D(1) + D(2) + D(3)),
        ];
        Assert.Equal(3, report.Queries);
        Assert.Equal(0, report.QueriesWithoutRelevant);
        Assert.Equal(1.0 / 3, report.RecallAt1, 12);
        Assert.Equal(1.0, report.RecallAt5, 12);
        Assert.Equal(1.0, report.RecallAt10, 12); // k beyond the gallery size sees the whole gallery
        Assert.Equal(ap.Average(), report.MeanAveragePrecision, 12);
        Assert.Equal(ndcg.Average(), report.NdcgAt30, 12);
        Assert.Equal(0.596296, report.MeanAveragePrecision, 6); // (5/6 + 11/30 + 53/90) / 3
    }

    [Fact]
    public void RecallCountsTheFirstRelevantRankAndNdcgStopsAt30()
    {
        // 10 irrelevant items nearer than 40 relevant ones.
        var gallery = Points(Enumerable.Range(0, 50).Select(i => (float)i).ToArray());
        var labels = Enumerable.Range(0, 50).Select(i => i < 10 ? B : A).ToArray();
        var report = RetrievalMetrics.Evaluate(Points(-0.5f), [A], gallery, labels);

        Assert.Equal(0.0, report.RecallAt10);
        double dcg = Enumerable.Range(11, 20).Sum(D); // relevant at ranks 11-30 count, 31-50 do not
        double ideal = Enumerable.Range(1, 30).Sum(D); // 40 relevant items, capped at 30
        Assert.Equal(dcg / ideal, report.NdcgAt30, 12);
        Assert.Equal(Enumerable.Range(1, 40).Average(j => j / (10.0 + j)), report.MeanAveragePrecision, 12);

        var closer = RetrievalMetrics.Evaluate(Points(9.6f), [A], gallery, labels); // item 10 (A) is now nearest
        Assert.Equal((1.0, 1.0, 1.0), (closer.RecallAt1, closer.RecallAt5, closer.RecallAt10));
        var fifth = RetrievalMetrics.Evaluate(Points(6.4f), [A], gallery, labels); // ranks: 6 7 5 8 4 9 3 10 -> first relevant at rank 8
        Assert.Equal((0.0, 0.0, 1.0), (fifth.RecallAt1, fifth.RecallAt5, fifth.RecallAt10));
    }

    [Fact]
    public void ExcludeSelfDropsTheQueryFromItsOwnRanking()
    {
        var set = Points(0, 1, 2.5f, 5);
        int[] labels = [A, B, A, B];
        var withSelf = RetrievalMetrics.Evaluate(set, labels, set, labels);
        Assert.Equal(1.0, withSelf.RecallAt1);

        // query 0: 1 2 3 -> rank 2; query 1: 0 2 3 -> rank 3; query 2: 1 (0 3) -> rank 2 (tie: 0 before 3); query 3: 2 1 0 -> rank 2.
        var report = RetrievalMetrics.Evaluate(set, labels, set, labels, excludeSelf: true);
        Assert.Equal(0.0, report.RecallAt1);
        Assert.Equal(1.0, report.RecallAt5);
        Assert.Equal((1.0 / 2 + 1.0 / 3 + 1.0 / 2 + 1.0 / 2) / 4, report.MeanAveragePrecision, 12);
        Assert.Equal((D(2) + D(3) + D(2) + D(2)) / 4, report.NdcgAt30, 12);

        Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(set, labels, set[..3], labels[..3], excludeSelf: true));
    }

    [Fact]
    public void TiesAreBrokenByGalleryIndex()
    {
        // Four items at the same distance from the query, in both directions.
        var gallery = new[] { new[] { 1f, 0f }, new[] { 0f, 1f }, new[] { -1f, 0f }, new[] { 0f, -1f }, new[] { 3f, 3f } };
        var neighbours = RetrievalMetrics.Rank([0f, 0f], gallery, 10);
        Assert.Equal([0, 1, 2, 3, 4], neighbours.Select(n => n.Index));
        Assert.Equal([1f, 1f, 1f, 1f, MathF.Sqrt(18)], neighbours.Select(n => n.Distance));

        // The relevant item is the last of the tied ones: rank 4, whatever the sort does internally.
        var report = RetrievalMetrics.Evaluate([[0f, 0f]], [A], gallery, [B, B, B, A, B]);
        Assert.Equal(0.25, report.MeanAveragePrecision, 12);
        Assert.Equal((0.0, 1.0), (report.RecallAt1, report.RecallAt5));
    }

    [Fact]
    public void RankReturnsTheNearestInOrder()
    {
        var random = new Random(5);
        var gallery = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 13).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var query = gallery[17].Select(v => v + 0.01f).ToArray();
        var neighbours = RetrievalMetrics.Rank(query, gallery, 7);
        var expected = gallery
            .Select((g, i) => (Index: i, Distance: Math.Sqrt(g.Zip(query).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second)))))
            .OrderBy(p => p.Distance).ThenBy(p => p.Index).Take(7).ToArray();
        Assert.Equal(17, neighbours[0].Index);
        Assert.Equal(expected.Select(e => e.Index), neighbours.Select(n => n.Index));
        Assert.All(expected.Zip(neighbours), p => Assert.Equal(p.First.Distance, p.Second.Distance, 5));
        Assert.Equal(3, RetrievalMetrics.Rank(query, gallery[..3], 7).Count);
    }

    [Fact]
    public void QueriesWithoutRelevantItemsScoreZero()
    {
        var report = RetrievalMetrics.Evaluate(Points(0, 1), [A, 7], Points(0, 1), [A, B]);
        Assert.Equal(1, report.QueriesWithoutRelevant);
        Assert.Equal((0.5, 0.5, 0.5), (report.RecallAt1, report.MeanAveragePrecision, report.NdcgAt30));
    }

    [Fact]
    public void BadInputsAreRejectedWithClearMessages()
    {
        var gallery = Points(0, 1, 2);
        gallery[1][1] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(Points(0), [A], gallery, [A, A, B]));
        Assert.Contains("gallery row 1", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Equal("gallery", error.ParamName);

        error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate([[0f, 0f], [float.NaN, 0f]], [A, A], Points(0), [A]));
        Assert.Contains("queries row 1", error.Message);
        error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(Points(0), [A], [[0f, 0f], [1f]], [A, B]));
        Assert.Contains("gallery row 1 has 1 values", error.Message);
        error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(Points(0), [A, B], Points(0), [A]));
        Assert.Equal("queryLabels", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(Points(0), [A], Points(0, 1), [A]));
        Assert.Equal("galleryLabels", error.ParamName);
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate([], [], Points(0), [A]));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.Evaluate(Points(0), [A], [], []));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.Rank([float.NaN, 0f], Points(0), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.Rank([0f, 0f], Points(0), 0));
    }

    [Fact]
    public void RandomEmbeddingsScoreAtChanceAtFullSize()
    {
        // The AV-MNIST-FSDD test-set shape: 2,500 queries, 1,600 gallery items, 128 dimensions, 10 classes.
        var random = new Random(1);
        float[][] Embed(int n) => Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var queries = Embed(2500);
        var gallery = Embed(1600);
        var queryLabels = Enumerable.Range(0, 2500).Select(i => i % 10).ToArray();
        var galleryLabels = Enumerable.Range(0, 1600).Select(i => i % 10).ToArray();
        var watch = Stopwatch.StartNew();
        var report = RetrievalMetrics.Evaluate(queries, queryLabels, gallery, galleryLabels);
        output.WriteLine($"2500 x 1600 x 128: {watch.ElapsedMilliseconds} ms; {report}");
        Assert.InRange(report.RecallAt1, 0.07, 0.13);
        Assert.InRange(report.RecallAt10, 1 - Math.Pow(0.9, 10) - 0.05, 1 - Math.Pow(0.9, 10) + 0.05); // 0.651
        Assert.InRange(report.MeanAveragePrecision, 0.09, 0.12);

        // Embeddings that copy the label score perfectly.
        float[][] ByLabel(int[] labels) => labels.Select(l => Enumerable.Range(0, 4).Select(d => d == l % 4 ? l + 1f : 0f).ToArray()).ToArray();
        var perfect = RetrievalMetrics.Evaluate(ByLabel(queryLabels), queryLabels, ByLabel(galleryLabels), galleryLabels);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.RecallAt1, perfect.MeanAveragePrecision, perfect.NdcgAt30));
    }
}
