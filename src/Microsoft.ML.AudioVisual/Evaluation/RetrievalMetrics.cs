using System.Numerics;
using System.Runtime.InteropServices;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Retrieval by Euclidean distance between embeddings, scored with class labels as relevance: a gallery
/// item is relevant to a query when their labels are equal, as in Arandjelović and Zisserman,
/// "Objects that Sound" (ECCV 2018). Queries and gallery may come from different modalities
/// (cross-modal retrieval) or be the same set (within-modal retrieval with <c>excludeSelf</c>).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>The ranking depth of the nDCG score.</summary>
    public const int NdcgDepth = 30;

    // Discount[r] = 1 / log2(r + 2) for 0-based rank r.
    private static readonly double[] Discount = Enumerable.Range(0, NdcgDepth).Select(r => 1.0 / Math.Log2(r + 2)).ToArray();

    /// <summary>
    /// Ranks the whole gallery for every query by Euclidean distance (ties broken by the lower gallery
    /// index) and scores the rankings: recall@1, @5 and @10 (fraction of queries with at least one
    /// relevant item in the top k), mean average precision over the full ranking, and nDCG@30 with binary
    /// relevance, a log2 discount and the ideal DCG of min(relevant items, 30) relevant items on top.
    /// </summary>
    /// <param name="queries">Query embeddings, one row each, all of the same length.</param>
    /// <param name="queryLabels">The class of each query.</param>
    /// <param name="gallery">Gallery embeddings, of the same length as the queries.</param>
    /// <param name="galleryLabels">The class of each gallery item.</param>
    /// <param name="excludeSelf">Leaves gallery item <c>i</c> out of the ranking of query <c>i</c>: for retrieval within one set, where queries and gallery are the same rows.</param>
    /// <remarks>A query without any relevant gallery item scores 0 on every measure; the report counts such queries.</remarks>
    /// <exception cref="ArgumentException">The arrays are empty, differ in length or dimension, or an embedding holds NaN or infinity.</exception>
    public static RetrievalReport Evaluate(float[][] queries, int[] queryLabels, float[][] gallery, int[] galleryLabels, bool excludeSelf = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(queryLabels);
        ArgumentNullException.ThrowIfNull(gallery);
        ArgumentNullException.ThrowIfNull(galleryLabels);
        if (queries.Length == 0) throw new ArgumentException("There are no queries.", nameof(queries));
        if (queryLabels.Length != queries.Length)
            throw new ArgumentException($"There are {queries.Length} queries but {queryLabels.Length} query labels.", nameof(queryLabels));
        if (galleryLabels.Length != gallery.Length)
            throw new ArgumentException($"There are {gallery.Length} gallery items but {galleryLabels.Length} gallery labels.", nameof(galleryLabels));
        if (excludeSelf && gallery.Length != queries.Length)
            throw new ArgumentException($"excludeSelf needs the queries and the gallery to be the same rows, but there are {queries.Length} queries and {gallery.Length} gallery items.", nameof(excludeSelf));
        if (gallery.Length < (excludeSelf ? 2 : 1))
            throw new ArgumentException(excludeSelf ? "Retrieval within a set needs at least 2 items." : "The gallery is empty.", nameof(gallery));
        int dimension = FeatureRows.Check(queries, nameof(queries));
        FeatureRows.Check(gallery, nameof(gallery), dimension);

        int count = queries.Length;
        var firstHit = new int[count]; // 1-based rank of the first relevant item, 0 when none
        var averagePrecision = new double[count];
        var ndcg = new double[count];
        Parallel.For(0, count, () => new long[gallery.Length], (q, _, keys) =>
        {
            int label = queryLabels[q], n = 0, relevant = 0;
            for (int g = 0; g < gallery.Length; g++)
            {
                if (excludeSelf && g == q) continue;
                keys[n++] = SortKey(SquaredDistance(queries[q], gallery[g]), g);
                if (galleryLabels[g] == label) relevant++;
            }
            if (relevant == 0) return keys;
            Array.Sort(keys, 0, n);
            int hits = 0;
            double precisionSum = 0, dcg = 0;
            for (int rank = 0; rank < n && hits < relevant; rank++)
            {
                if (galleryLabels[IndexOf(keys[rank])] != label) continue;
                hits++;
                if (hits == 1) firstHit[q] = rank + 1;
                precisionSum += (double)hits / (rank + 1);
                if (rank < NdcgDepth) dcg += Discount[rank];
            }
            double ideal = 0;
            for (int r = 0; r < Math.Min(relevant, NdcgDepth); r++) ideal += Discount[r];
            averagePrecision[q] = precisionSum / relevant;
            ndcg[q] = dcg / ideal;
            return keys;
        }, _ => { });

        // Summed in query order, so the report does not depend on thread scheduling.
        double Recall(int k) => (double)firstHit.Count(r => r >= 1 && r <= k) / count;
        return new RetrievalReport(
            Recall(1),
            Recall(5),
            Recall(10),
            averagePrecision.Sum() / count,
            ndcg.Sum() / count,
            count,
            firstHit.Count(r => r == 0));
    }

    /// <summary>The <paramref name="k"/> gallery items nearest to <paramref name="query"/>, nearest first (ties: lower index first).</summary>
    /// <param name="query">The query embedding.</param>
    /// <param name="gallery">The gallery embeddings, of the query's length.</param>
    /// <param name="k">How many neighbours; fewer are returned when the gallery is smaller.</param>
    /// <exception cref="ArgumentException">A dimension differs or an embedding holds NaN or infinity.</exception>
    public static IReadOnlyList<Neighbour> Rank(float[] query, float[][] gallery, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(gallery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        FeatureRows.CheckRow(query, nameof(query), "query", -1);
        FeatureRows.Check(gallery, nameof(gallery), query.Length);
        k = Math.Min(k, gallery.Length);

        // Keep the k smallest keys in a sorted buffer: one comparison per item once it is full.
        var best = new long[k];
        int filled = 0;
        for (int g = 0; g < gallery.Length; g++)
        {
            long key = SortKey(SquaredDistance(query, gallery[g]), g);
            if (filled == k && key >= best[k - 1]) continue;
            int at = filled == k ? k - 1 : filled++;
            while (at > 0 && best[at - 1] > key)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = key;
        }
        var neighbours = new Neighbour[filled];
        for (int i = 0; i < filled; i++)
            neighbours[i] = new Neighbour(IndexOf(best[i]), MathF.Sqrt(BitConverter.Int32BitsToSingle((int)(best[i] >> 32))));
        return neighbours;
    }

    // Non-negative floats order like their bit patterns, so (distance bits, index) packs into one
    // long that sorts by distance, then index: a fast sort with a deterministic tie-break.
    private static long SortKey(float squaredDistance, int index) =>
        ((long)BitConverter.SingleToInt32Bits(squaredDistance) << 32) | (uint)index;

    private static int IndexOf(long key) => (int)(key & 0xFFFFFFFF);

    private static float SquaredDistance(float[] a, float[] b)
    {
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (int v = 0; v < va.Length; v++)
            {
                var d = va[v] - vb[v];
                sum += d * d;
            }
            i = va.Length * Vector<float>.Count;
        }
        float total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            total += d * d;
        }
        return total;
    }
}
