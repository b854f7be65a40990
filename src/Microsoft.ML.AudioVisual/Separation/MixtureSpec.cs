namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>One source of a mixture: a recording, the image that shows its source, and where it starts in the clip.</summary>
/// <param name="RecordingIndex">Index of the recording in its data set.</param>
/// <param name="ImageIndex">Index of the image in its data set.</param>
/// <param name="Group">The source's class or group (sources of one group are never mixed together).</param>
/// <param name="Offset">Samples of silence before the recording in the clip (negative: that many samples are cut from its start).</param>
public readonly record struct MixtureSource(int RecordingIndex, int ImageIndex, int Group, int Offset);

/// <summary>A mixture of sources of different groups, summed after scaling each by 1 / count (as the Sound of Pixels code mixes).</summary>
/// <param name="Sources">The sources, in the order the model's outputs follow.</param>
public sealed record MixtureSpec(IReadOnlyList<MixtureSource> Sources);

/// <summary>Turns mixture specifications into waveforms.</summary>
public static class MixtureRenderer
{
    /// <summary>
    /// The scaled sources (each placed at its offset in a clip of <paramref name="clipSamples"/>, zero elsewhere, times 1 / count
    /// and its gain) and their sum, the mixture.
    /// </summary>
    /// <param name="spec">The mixture.</param>
    /// <param name="recording">The samples of a recording by index.</param>
    /// <param name="clipSamples">Clip length.</param>
    /// <param name="gains">Per source, a factor on its samples (loudness augmentation); null for 1.</param>
    public static (float[][] Sources, float[] Mixture) Render(MixtureSpec spec, Func<int, float[]> recording, int clipSamples, IReadOnlyList<float>? gains = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(recording);
        if (gains is not null && gains.Count != spec.Sources.Count)
            throw new ArgumentException($"{gains.Count} gains for {spec.Sources.Count} sources.", nameof(gains));
        float scale = 1f / spec.Sources.Count;
        var sources = new float[spec.Sources.Count][];
        var mixture = new float[clipSamples];
        for (int n = 0; n < sources.Length; n++)
        {
            var source = spec.Sources[n];
            sources[n] = Place(recording(source.RecordingIndex), source.Offset, clipSamples, scale * (gains?[n] ?? 1f));
            for (int i = 0; i < clipSamples; i++) mixture[i] += sources[n][i];
        }
        return (sources, mixture);
    }

    /// <summary><paramref name="samples"/> times <paramref name="scale"/>, starting <paramref name="offset"/> samples into a zero clip (negative: cut).</summary>
    public static float[] Place(ReadOnlySpan<float> samples, int offset, int clipSamples, float scale = 1f)
    {
        var clip = new float[clipSamples];
        for (int i = Math.Max(0, -offset); i < samples.Length; i++)
        {
            int t = i + offset;
            if (t >= clipSamples) break;
            clip[t] = samples[i] * scale;
        }
        return clip;
    }
}
