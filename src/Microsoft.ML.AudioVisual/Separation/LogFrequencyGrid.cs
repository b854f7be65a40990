namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official log-frequency grids of Sound of Pixels (<c>warpgrid</c> in its utils.py), computed as it computes
/// them: in double precision (numpy), then rounded to float32 for <c>grid_sample</c> with align_corners=True
/// (PyTorch 0.4 semantics, which the released models were trained with).
/// </summary>
/// <remarks>
/// Warp (linear to log): output row y samples normalised coordinate <c>(21^((v+1)/2) - 11) / 10</c>, v =
/// linspace(-1, 1, rows)[y]. Un-warp (log to linear): row y samples <c>2 · ln(10 v + 11) / ln 21 - 1</c>, the inverse.
/// Columns sample linspace(-1, 1, frames).
/// </remarks>
internal static class LogFrequencyGrid
{
    /// <summary>The sampler that warps <c>[linearBins, frames]</c> to <c>[logBins, frames]</c> (rows evenly spaced for a linear axis).</summary>
    public static GridSample Warp(int linearBins, int logBins, int frames, SeparationFrequencyAxis axis = SeparationFrequencyAxis.Logarithmic) =>
        new(linearBins, frames, Grid(logBins, axis == SeparationFrequencyAxis.Linear ? v => v : v => (Math.Pow(21, (v + 1) / 2) - 11) / 10), Grid(frames, v => v));

    /// <summary>The sampler that un-warps <c>[logBins, frames]</c> back to <c>[linearBins, frames]</c>.</summary>
    public static GridSample Unwarp(int logBins, int linearBins, int frames, SeparationFrequencyAxis axis = SeparationFrequencyAxis.Logarithmic) =>
        new(logBins, frames, Grid(linearBins, axis == SeparationFrequencyAxis.Linear ? v => v : v => (Math.Log((v * 10) + 11) / Math.Log(21) * 2) - 1), Grid(frames, v => v));

    private static float[] Grid(int count, Func<double, double> coordinate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var grid = new float[count];
        for (int i = 0; i < count; i++) grid[i] = (float)coordinate(NumpyLinspace(i, count));
        return grid;
    }

    /// <summary>numpy.linspace(-1, 1, n)[i]: <c>i · step + (-1)</c>, the last value exactly 1.</summary>
    private static double NumpyLinspace(int i, int n) => n == 1 ? -1 : i == n - 1 ? 1 : (i * (2.0 / (n - 1))) - 1;
}
