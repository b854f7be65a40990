namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>How the window features of a clip are pooled over time into one vector.</summary>
public enum TimePooling
{
    /// <summary>The mean of each value over the windows (D values).</summary>
    Mean,

    /// <summary>The maximum of each value over the windows (D values).</summary>
    Max,

    /// <summary>The mean, then the population standard deviation, of each value (2·D values): over log-mel frames, the classic "mean and std per band" features.</summary>
    MeanStd,
}

/// <summary>Applies <see cref="TimePooling"/>.</summary>
internal static class TimePool
{
    /// <summary>The pooled length for windows of <paramref name="dimension"/> values.</summary>
    public static int Dimension(int dimension, TimePooling pooling) => pooling == TimePooling.MeanStd ? 2 * dimension : dimension;

    /// <summary>Pools the windows of one clip.</summary>
    /// <exception cref="ArgumentException">There are no windows, or they differ in length.</exception>
    public static float[] Apply(IReadOnlyList<float[]> windows, TimePooling pooling)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0) throw new ArgumentException("A clip needs at least one window to pool.", nameof(windows));
        int dimension = windows[0].Length;
        if (windows.Any(w => w.Length != dimension)) throw new ArgumentException("The windows of a clip differ in length.", nameof(windows));
        var pooled = new float[Dimension(dimension, pooling)];
        for (int d = 0; d < dimension; d++)
        {
            double sum = 0, max = double.NegativeInfinity;
            foreach (var window in windows)
            {
                sum += window[d];
                max = Math.Max(max, window[d]);
            }
            double mean = sum / windows.Count;
            pooled[d] = (float)(pooling == TimePooling.Max ? max : mean);
            if (pooling == TimePooling.MeanStd)
            {
                double squares = 0;
                foreach (var window in windows) squares += (window[d] - mean) * (window[d] - mean);
                pooled[dimension + d] = (float)Math.Sqrt(squares / windows.Count);
            }
        }
        return pooled;
    }

    /// <summary>Parses <c>mean</c>, <c>max</c> or <c>meanstd</c> (also <c>mean+std</c>), case-insensitive.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static TimePooling Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "mean" => TimePooling.Mean,
            "max" => TimePooling.Max,
            "meanstd" or "mean+std" or "mean_std" => TimePooling.MeanStd,
            _ => throw new ArgumentException($"Unknown pooling '{name}'. Valid: mean, max, meanstd.", nameof(name)),
        };
    }

    /// <summary>The name <see cref="Parse"/> reads back: <c>mean</c>, <c>max</c> or <c>meanstd</c>.</summary>
    public static string Name(TimePooling pooling) => pooling.ToString().ToLowerInvariant();
}
