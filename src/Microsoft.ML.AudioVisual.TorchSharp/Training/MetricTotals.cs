namespace Microsoft.ML.AudioVisual.Training;

/// <summary>Running sums of named per-example metrics over an epoch; their means are what progress reports.</summary>
internal sealed class MetricTotals
{
    private readonly Dictionary<string, double> _sums = [];

    /// <summary>Examples counted so far.</summary>
    public long Count { get; private set; }

    /// <summary>Counts <paramref name="examples"/> more examples.</summary>
    public void AddExamples(int examples) => Count += examples;

    /// <summary>Adds the sum of a metric over the examples of a step (e.g. the number of correct decisions).</summary>
    public void Add(string name, double sum) => _sums[name] = _sums.GetValueOrDefault(name) + sum;

    /// <summary>Mean of each metric per example.</summary>
    public IReadOnlyDictionary<string, double> Means() => _sums.ToDictionary(p => p.Key, p => p.Value / Math.Max(Count, 1));
}
