namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Windows of a recording chosen by loudness, on a grid of a tenth of the window length: recordings of calls and
/// events hold silence between sounds, and a window of silence would teach a correspondence model nothing.
/// </summary>
internal static class LoudWindows
{
    /// <summary>A random window whose energy is at least a quarter of the loudest window's (centre-padded when the sound is shorter).</summary>
    public static float[] RandomLoud(float[] sound, int length, Random random)
    {
        if (sound.Length <= length) return Fsdd.FitCentred(sound, length);
        var energies = Energies(sound, length);
        double loudest = energies.Max();
        var candidates = energies.Select((e, i) => (e, i)).Where(p => p.e >= 0.25 * loudest).Select(p => p.i).ToArray();
        return sound.AsSpan(candidates[random.Next(candidates.Length)] * Step(length), length).ToArray();
    }

    /// <summary>The loudest window (centre-padded when the sound is shorter).</summary>
    public static float[] Loudest(float[] sound, int length)
    {
        if (sound.Length <= length) return Fsdd.FitCentred(sound, length);
        var energies = Energies(sound, length);
        return sound.AsSpan(Array.IndexOf(energies, energies.Max()) * Step(length), length).ToArray();
    }

    private static int Step(int length) => Math.Max(length / 10, 1);

    /// <summary>Energy of every window starting at a multiple of the step.</summary>
    private static double[] Energies(float[] sound, int length)
    {
        int step = Step(length);
        int windows = (sound.Length - length) / step + 1;
        var energies = new double[windows];
        for (int w = 0; w < windows; w++)
            for (int s = w * step; s < w * step + length; s++) energies[w] += sound[s] * sound[s];
        return energies;
    }
}
