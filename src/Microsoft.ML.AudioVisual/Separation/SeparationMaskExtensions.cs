namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>Properties of the <see cref="SeparationMask"/> kinds.</summary>
public static class SeparationMaskExtensions
{
    /// <summary>
    /// True for masks in [0, 1] that the network predicts through a sigmoid and learns with binary cross-entropy
    /// (<see cref="SeparationMask.Binary"/>, <see cref="SeparationMask.Wiener"/>): they may be thresholded or applied soft
    /// and normalised. False for <see cref="SeparationMask.Ratio"/>, applied as predicted.
    /// </summary>
    public static bool IsProbability(this SeparationMask mask) => mask is SeparationMask.Binary or SeparationMask.Wiener;
}
