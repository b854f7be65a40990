namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>Retrieval quality with class labels as relevance, averaged over queries (see <see cref="RetrievalMetrics.Evaluate"/>).</summary>
/// <param name="RecallAt1">Fraction of queries whose nearest gallery item is relevant.</param>
/// <param name="RecallAt5">Fraction of queries with at least one relevant item among the 5 nearest.</param>
/// <param name="RecallAt10">Fraction of queries with at least one relevant item among the 10 nearest.</param>
/// <param name="MeanAveragePrecision">Mean over queries of the average precision over the full ranking.</param>
/// <param name="NdcgAt30">Mean over queries of the normalised discounted cumulative gain of the 30 nearest (binary relevance, log2 discount).</param>
/// <param name="Queries">The number of queries.</param>
/// <param name="QueriesWithoutRelevant">Queries with no relevant gallery item; they score 0 on every measure.</param>
public sealed record RetrievalReport(
    double RecallAt1,
    double RecallAt5,
    double RecallAt10,
    double MeanAveragePrecision,
    double NdcgAt30,
    int Queries,
    int QueriesWithoutRelevant = 0)
{
    /// <summary>A one-line summary, e.g. <c>R@1 0.412  R@5 0.803  R@10 0.901  mAP 0.322  nDCG@30 0.455  (2500 queries)</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"R@1 {RecallAt1:0.000}  R@5 {RecallAt5:0.000}  R@10 {RecallAt10:0.000}  mAP {MeanAveragePrecision:0.000}  nDCG@30 {NdcgAt30:0.000}  ({Queries} queries)");
}
