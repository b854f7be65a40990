namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>The shapes of <see cref="ImpactVideos"/>; each has its own impact sound.</summary>
public enum ImpactShape
{
    /// <summary>A disc; rings like a small bell (900 Hz with an inharmonic partial, slow decay).</summary>
    Disc,
    /// <summary>A square; knocks like a wood block (low tone with a noise burst, medium decay).</summary>
    Square,
    /// <summary>A triangle; ticks (two high partials, fast decay).</summary>
    Triangle,
}
