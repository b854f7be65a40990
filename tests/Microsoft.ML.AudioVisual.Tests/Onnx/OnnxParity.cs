namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>Compares ONNX Runtime outputs with TorchSharp outputs.</summary>
public static class OnnxParity
{
    /// <summary>The tolerance of the issue: ONNX Runtime outputs equal TorchSharp's within 1e-4.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The largest absolute difference between matching rows (which must have matching lengths).</summary>
    public static double MaxAbsDifference(IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual)
    {
        Xunit.Assert.Equal(expected.Count, actual.Count);
        double max = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            Xunit.Assert.Equal(expected[i].Length, actual[i].Length);
            for (int j = 0; j < expected[i].Length; j++) max = Math.Max(max, Math.Abs((double)expected[i][j] - actual[i][j]));
        }
        return max;
    }

    /// <summary>Asserts the difference is within <see cref="Tolerance"/> and reports it on the test output.</summary>
    public static double AssertClose(string what, IReadOnlyList<float[]> expected, IReadOnlyList<float[]> actual, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        double difference = MaxAbsDifference(expected, actual);
        output?.WriteLine($"{what}: max |ONNX Runtime - TorchSharp| = {difference:E2} over {expected.Count} rows");
        Xunit.Assert.True(difference <= Tolerance, $"{what}: ONNX Runtime differs from TorchSharp by {difference:E2} (tolerance {Tolerance:E0}).");
        return difference;
    }
}
