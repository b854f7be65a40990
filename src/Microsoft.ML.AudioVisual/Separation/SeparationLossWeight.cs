namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>How a mix-and-separate loss weighs each time-frequency bin of each source's mask.</summary>
public enum SeparationLossWeight
{
    /// <summary>
    /// The official Sound of Pixels weight, one plane for all sources: <c>clamp(ln(1 + mag_mix), 1e-3, 10)</c>. It follows
    /// the mixture's absolute loudness, so the bins of a quiet source under a loud one weigh little.
    /// </summary>
    Mixture,

    /// <summary>
    /// One plane per source: <c>clamp(ln(1 + mag_mix / mean(mag_n)), 1e-3, 10)</c>, the mixture's magnitude relative to
    /// source n's mean magnitude: how much a wrong mask in that bin costs that source's SDR. It does not change with the
    /// mixture's loudness, and a quiet source's bins weigh as much for it as a loud source's do for the loud one.
    /// </summary>
    PerSource,
}
