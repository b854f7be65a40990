using System.Globalization;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>Reads <c>--name value</c> options of the benchmark command lines.</summary>
internal static class BenchmarkOptions
{
    /// <summary>The number after <paramref name="name"/>, or <paramref name="fallback"/> when absent or not a number.</summary>
    public static double Number(string[] args, string name, double fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double v) ? v : fallback;
    }
}
