namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// How a separation model cuts a waveform of any length: consecutive clips of the front-end's length from the start, the
/// last one completed with zeros. Masks of a mixture are the clips' masks side by side, so pictures of the sounds are cut
/// the same way to line up with them.
/// </summary>
public static class SeparationClips
{
    /// <summary>The clips of <paramref name="samples"/>: <c>ceil(length / ClipSamples)</c> arrays of ClipSamples each.</summary>
    /// <exception cref="ArgumentException">The waveform holds no samples.</exception>
    public static float[][] Cut(ReadOnlySpan<float> samples, SeparationFrontEnd frontEnd)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        if (samples.IsEmpty) throw new ArgumentException("The waveform holds no samples.", nameof(samples));
        int clip = frontEnd.ClipSamples;
        var clips = new float[(samples.Length + clip - 1) / clip][];
        for (int c = 0; c < clips.Length; c++)
        {
            int start = c * clip;
            clips[c] = MixtureRenderer.Place(samples.Slice(start, Math.Min(clip, samples.Length - start)), 0, clip);
        }
        return clips;
    }

    /// <summary>
    /// The network's view of <paramref name="samples"/>, <c>ln(warp(|STFT| + offset))</c> (<see cref="MixtureSpectrogram.LogWarpedMagnitude"/>),
    /// clip by clip and side by side: <c>[LogFrequencyBins, Frames]</c> row-major, on the time axis of the masks the model predicts for it.
    /// </summary>
    /// <exception cref="ArgumentException">The waveform holds no samples.</exception>
    public static (float[] Values, int Bins, int Frames) LogWarpedSpectrogram(ReadOnlySpan<float> samples, SeparationFrontEnd frontEnd)
    {
        var spectrograms = Cut(samples, frontEnd).Select(clip => MixtureSpectrogram.Compute(clip, frontEnd)).ToArray();
        int bins = frontEnd.LogFrequencyBins, frames = spectrograms[0].Frames, total = frames * spectrograms.Length;
        var values = new float[bins * total];
        for (int c = 0; c < spectrograms.Length; c++)
            for (int f = 0; f < bins; f++)
                spectrograms[c].LogWarpedMagnitude.AsSpan(f * frames, frames).CopyTo(values.AsSpan((f * total) + (c * frames)));
        return (values, bins, total);
    }
}
