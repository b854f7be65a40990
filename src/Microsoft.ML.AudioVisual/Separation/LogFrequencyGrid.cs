using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official log-frequency grids of Sound of Pixels (<c>warpgrid</c> in its utils.py), computed as it computes
/// them: in double precision (numpy), then rounded to float32 and sampled by <c>grid_sample</c> with
/// align_corners=True (PyTorch 0.4 semantics, which the released models were trained with).
/// </summary>
/// <remarks>
/// Warp (linear to log): output row y samples normalised coordinate <c>(21^((v+1)/2) - 11) / 10</c>, v =
/// linspace(-1, 1, rows)[y]. Un-warp (log to linear): row y samples <c>2 · ln(10 v + 11) / ln 21 - 1</c>, the inverse.
/// The time axis is the identity (its grid is linspace(-1, 1, frames), which samples every frame).
/// </remarks>
internal static class LogFrequencyGrid
{
    /// <summary>The plan that warps <paramref name="linearBins"/> rows to <paramref name="logBins"/>.</summary>
    public static LogFrequencyWarp.Plan Warp(int linearBins, int logBins) =>
        new(linearBins, Grid(logBins, v => (Math.Pow(21, (v + 1) / 2) - 11) / 10));

    /// <summary>The plan that un-warps <paramref name="logBins"/> rows back to <paramref name="linearBins"/>.</summary>
    public static LogFrequencyWarp.Plan Unwarp(int logBins, int linearBins) =>
        new(logBins, Grid(linearBins, v => (Math.Log((v * 10) + 11) / Math.Log(21) * 2) - 1));

    private static float[] Grid(int rows, Func<double, double> coordinate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var grid = new float[rows];
        for (int y = 0; y < rows; y++)
        {
            grid[y] = (float)coordinate(NumpyLinspace(y, rows));
        }
        return grid;
    }

    /// <summary>numpy.linspace(-1, 1, n)[i]: <c>-1 + i · step</c>, the last value exactly 1.</summary>
    private static double NumpyLinspace(int i, int n) => n == 1 ? -1 : i == n - 1 ? 1 : -1 + (i * (2.0 / (n - 1)));
}
