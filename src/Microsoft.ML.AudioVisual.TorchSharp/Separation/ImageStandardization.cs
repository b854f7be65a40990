namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>How a separation model standardises its images: <c>(x - Mean) / Std</c> (identity for the official model, whose images are ImageNet-normalised before).</summary>
/// <param name="Mean">Subtracted from every value.</param>
/// <param name="Std">Divides every value.</param>
public sealed record ImageStandardization(float Mean, float Std)
{
    /// <summary>No change.</summary>
    public static ImageStandardization Identity => new(0f, 1f);

    /// <summary>Mean and standard deviation of all values (Std at least 1e-6).</summary>
    internal static ImageStandardization Fit(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (double)v * v;
        }
        double mean = sum / Math.Max(values.Length, 1);
        double variance = Math.Max(squares / Math.Max(values.Length, 1) - (mean * mean), 0);
        return new ImageStandardization((float)mean, (float)Math.Max(Math.Sqrt(variance), 1e-6));
    }
}
