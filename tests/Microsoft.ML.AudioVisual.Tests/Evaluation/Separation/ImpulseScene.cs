using Microsoft.ML.AudioVisual.Evaluation;

namespace Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;

/// <summary>
/// A hand-checkable separation scene. With unit impulses as references, the delayed copies of a reference (delays
/// 0 to 511) are exactly the unit vectors of its 512-sample window, so each bss_eval projection keeps the estimate's
/// samples in windows and every ratio is a ratio of window energies.
/// </summary>
internal static class ImpulseScene
{
    /// <summary>Samples per signal.</summary>
    public const int Length = 2048;

    /// <summary>Reference 0: an impulse at 0 (window [0, 512)); reference 1: an impulse at 512 (window [512, 1024)).</summary>
    public static double[][] References() => [Impulse(0), Impulse(BssEval.FilterLength)];

    /// <summary>A unit impulse at sample <paramref name="at"/>.</summary>
    public static double[] Impulse(int at)
    {
        var signal = new double[Length];
        signal[at] = 1;
        return signal;
    }

    /// <summary>
    /// Level <paramref name="first"/> on [0, 512), <paramref name="second"/> on [512, 1024), 0.25 after: window
    /// energies 512·first², 512·second² and 64.
    /// </summary>
    public static double[] Levels(double first, double second) =>
        [.. Enumerable.Range(0, Length).Select(t => t < 512 ? first : t < 1024 ? second : 0.25)];
}
