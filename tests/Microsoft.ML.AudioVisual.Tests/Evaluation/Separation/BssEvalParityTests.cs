using System.Text.Json;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;

/// <summary>
/// Parity with <c>mir_eval.separation.bss_eval_sources</c> (mir_eval 0.7) on every case of
/// <c>../shared/reference/bss_eval/results.json</c>, with and without the permutation search.
/// </summary>
public sealed class BssEvalParityTests(ITestOutputHelper output)
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < BssEvalReference.Cases.Count; i++) data.Add(i);
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void MatchesMirEval(int index)
    {
        BssEvalReferenceCase c = BssEvalReference.Cases[index];
        BssEvalResult ours = BssEval.EvaluateSources(BssEvalReference.Sources(c.Reference), BssEvalReference.Sources(c.Estimate), c.ComputePermutation);

        Assert.Equal(c.Permutation, ours.Permutation);
        double worst = 0;
        foreach ((string name, double[] expected, double[] actual) in new[] { ("SDR", c.Sdr, ours.Sdr), ("SIR", c.Sir, ours.Sir), ("SAR", c.Sar, ours.Sar) })
        {
            worst = Math.Max(worst, BssEvalReference.AssertDecibels(expected, actual, $"{c.Estimate} permutation={c.ComputePermutation} {name}"));
        }

        output.WriteLine($"{c.Estimate} permutation={c.ComputePermutation}: worst |ours - mir_eval| = {worst:E3} dB (values up to 100 dB)");
    }

    [SharedDataFact]
    public void ReferenceFileHasTheExpectedCases()
    {
        // Guards the theory above against a silently empty or truncated case list.
        Assert.Equal(30, BssEvalReference.Cases.Count);
        Assert.Contains(BssEvalReference.Cases, c => c.ComputePermutation && c.Permutation.SequenceEqual([1, 0]));
    }
}

/// <summary>One case of the mir_eval reference file.</summary>
internal sealed record BssEvalReferenceCase(string Reference, string Estimate, bool ComputePermutation, double[] Sdr, double[] Sir, double[] Sar, int[] Permutation);

/// <summary>Reads <c>../shared/reference/bss_eval</c> and compares decibel values the way its README asks.</summary>
internal static class BssEvalReference
{
    /// <summary>Finite values must match within this many dB.</summary>
    public const double Tolerance = 0.01;

    /// <summary>Reference values above this are "numerically perfect" rounding noise: only required to be above it too.</summary>
    public const double PerfectDecibels = 100;

    private static readonly Lazy<IReadOnlyList<BssEvalReferenceCase>> All = new(Load);

    public static IReadOnlyList<BssEvalReferenceCase> Cases => All.Value;

    /// <summary>A float64 [sources, samples] array of the reference folder as rows.</summary>
    public static double[][] Sources(string relativePath)
    {
        NpyArray array = NpyFile.Read(Path.Combine(SharedData.ReferenceDirectory, relativePath));
        Assert.Equal(NpyDataType.Float64, array.DataType);
        Assert.Equal(2, array.Shape.Length);
        double[] data = array.ToDoubles();
        int samples = array.Shape[1];
        return [.. Enumerable.Range(0, array.Shape[0]).Select(i => data.AsSpan(i * samples, samples).ToArray())];
    }

    /// <summary>Asserts parity and returns the largest difference among values up to <see cref="PerfectDecibels"/>.</summary>
    public static double AssertDecibels(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i] > PerfectDecibels)
            {
                Assert.True(actual[i] > PerfectDecibels, $"{what}[{i}]: mir_eval {expected[i]:F3} dB (perfect), ours {actual[i]:F3} dB");
                continue;
            }

            double difference = Math.Abs(actual[i] - expected[i]);
            Assert.True(difference <= Tolerance, $"{what}[{i}]: mir_eval {expected[i]:F6} dB, ours {actual[i]:F6} dB");
            worst = Math.Max(worst, difference);
        }

        return worst;
    }

    private static IReadOnlyList<BssEvalReferenceCase> Load()
    {
        string path = Path.Combine(SharedData.ReferenceDirectory, "bss_eval", "results.json");
        if (!File.Exists(path)) return [];
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => new BssEvalReferenceCase(
            r.GetProperty("reference").GetString()!,
            r.GetProperty("estimate").GetString()!,
            r.GetProperty("compute_permutation").GetBoolean(),
            Doubles(r.GetProperty("sdr")),
            Doubles(r.GetProperty("sir")),
            Doubles(r.GetProperty("sar")),
            [.. r.GetProperty("perm").EnumerateArray().Select(e => e.GetInt32())]))];
    }

    // mir_eval's JSON may hold non-finite values as strings.
    private static double[] Doubles(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : ParseNonFinite(e.GetString()!))];

    private static double ParseNonFinite(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.NaN,
    };
}
