namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>
/// Separation quality per reference source, in decibels (see <see cref="BssEval.EvaluateSources"/>). Element
/// <c>j</c> of each array scores estimate <c>Permutation[j]</c> against reference <c>j</c>.
/// </summary>
/// <param name="Sdr">Source-to-distortion ratio: the allowed-distortion (filtered) reference against everything else.</param>
/// <param name="Sir">Source-to-interference ratio: the filtered reference against the other references' leakage; +∞ when there is none (always so for a single source).</param>
/// <param name="Sar">Source-to-artifacts ratio: the filtered references against what no reference explains.</param>
/// <param name="Permutation">The estimate matched to each reference (the identity without the permutation search).</param>
public sealed record BssEvalResult(double[] Sdr, double[] Sir, double[] Sar, int[] Permutation)
{
    /// <summary>The number of reference sources scored.</summary>
    public int Sources => Sdr.Length;
}
