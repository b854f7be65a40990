namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// The fixed identity of one class of <see cref="SyntheticAudioVisual"/>: what it looks and sounds like
/// before the per-item jitter. It depends only on the class index and the number of classes, never on
/// the seed, so data sets generated with different seeds share their classes.
/// </summary>
internal sealed class SyntheticClass
{
    /// <summary>The shapes, in class order; classes beyond these reuse them with other hues and sounds.</summary>
    public static readonly string[] ShapeNames =
        ["disc", "square", "triangle", "cross", "ring", "horizontal bars", "vertical bars", "diagonal stripes", "checker", "plus in box"];

    private const int Harmonics = 5;

    private SyntheticClass(int label, int classes, int sampleRate)
    {
        Shape = label % ShapeNames.Length;
        // Hues spread evenly round the colour circle; the shift keeps same-shape classes apart.
        Hue = (label + 0.5 * (label / ShapeNames.Length)) / classes % 1.0;
        // Fundamentals spaced geometrically over about 2.5 octaves, the top one with room for harmonics.
        double top = Math.Min(880.0, sampleRate * 0.11);
        double ratio = classes > 1 ? Math.Pow(5.5, 1.0 / (classes - 1)) : 1.0;
        Fundamental = top / Math.Pow(5.5, 1.0) * Math.Pow(ratio, label);
        // Fixed-seed draws give each class its own timbre and tremolo, the same for every data set.
        var random = Pcg32.ForItem(0x5F3759DF, label, purpose: 7);
        HarmonicAmplitudes = new double[Harmonics];
        HarmonicAmplitudes[0] = 1.0;
        for (int h = 1; h < Harmonics; h++) HarmonicAmplitudes[h] = random.NextDouble() < 0.3 ? 0.0 : random.NextDouble(0.15, 1.0);
        ModulationRate = 2.0 + 12.0 * ((label * 0.6180339887498949 + 0.1) % 1.0);
        HueJitter = Math.Min(0.035, 0.3 / classes);
        PitchJitter = Math.Min(0.03, 0.3 * (ratio - 1.0));
    }

    /// <summary>Index into <see cref="ShapeNames"/>.</summary>
    public int Shape { get; }

    /// <summary>The class hue in [0, 1).</summary>
    public double Hue { get; }

    /// <summary>The largest per-item hue shift.</summary>
    public double HueJitter { get; }

    /// <summary>The fundamental frequency in Hz.</summary>
    public double Fundamental { get; }

    /// <summary>The largest per-item relative pitch shift.</summary>
    public double PitchJitter { get; }

    /// <summary>Amplitudes of harmonics 1 to 5 (the fundamental is 1).</summary>
    public double[] HarmonicAmplitudes { get; }

    /// <summary>The amplitude-modulation (tremolo) rate in Hz.</summary>
    public double ModulationRate { get; }

    /// <summary>The identities of all <paramref name="classes"/> classes.</summary>
    public static SyntheticClass[] CreateAll(int classes, int sampleRate) =>
        Enumerable.Range(0, classes).Select(c => new SyntheticClass(c, classes, sampleRate)).ToArray();

    /// <summary>A one-line description, e.g. for logs.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{ShapeNames[Shape]}, hue {Hue:0.00}, {Fundamental:0} Hz, tremolo {ModulationRate:0.0} Hz, harmonics [{string.Join(" ", HarmonicAmplitudes.Select(a => a.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}]");
}
