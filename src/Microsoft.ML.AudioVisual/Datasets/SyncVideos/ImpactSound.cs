namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>The impact sound of each <see cref="ImpactShape"/>: a short decaying sum of partials (plus noise for the square).</summary>
internal static class ImpactSound
{
    private const double Seconds = 0.2;

    public static float[] Render(ImpactShape shape, int sampleRate, double gain, ref Pcg32 random)
    {
        var (partials, decay, noise) = shape switch
        {
            ImpactShape.Disc => (new[] { (900.0, 1.0), (2160.0, 0.5) }, 0.080, 0.0),
            ImpactShape.Square => (new[] { (260.0, 1.0), (520.0, 0.3) }, 0.040, 0.6),
            _ => (new[] { (1800.0, 1.0), (3100.0, 0.7) }, 0.020, 0.0),
        };
        var sound = new float[(int)(Seconds * sampleRate)];
        var phases = new double[partials.Length];
        for (int p = 0; p < phases.Length; p++) phases[p] = random.NextDouble(0, 2 * Math.PI);
        double total = partials.Sum(p => p.Item2) + noise;
        for (int n = 0; n < sound.Length; n++)
        {
            double t = (double)n / sampleRate, value = 0;
            for (int p = 0; p < partials.Length; p++)
                if (partials[p].Item1 < 0.45 * sampleRate) value += partials[p].Item2 * Math.Sin(phases[p] + 2 * Math.PI * partials[p].Item1 * t);
            if (noise > 0) value += noise * random.NextSignedSingle() * Math.Exp(-t / 0.01);
            sound[n] = (float)(gain / total * value * Math.Exp(-t / decay));
        }
        return sound;
    }
}
