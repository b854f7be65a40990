namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>One clip of a mixture cut for a separator: which mixture, where it starts, and its zero-padded samples.</summary>
/// <param name="Mixture">The index of the mixture.</param>
/// <param name="Start">The clip's first sample in the mixture.</param>
/// <param name="Samples">The front-end's clip length of samples (the last clip zero-padded).</param>
internal sealed record SeparationClip(int Mixture, int Start, float[] Samples);

/// <summary>
/// How the separators handle mixtures of any length: cut into clips of the front-end's length (the last one zero-padded),
/// one mask per source and clip, and the clips' reconstructions put back together (trimmed to the mixture) with the masks
/// concatenated along time.
/// </summary>
internal static class ClipwiseSeparation
{
    /// <summary>The clips of <paramref name="mixtures"/>, mixture by mixture.</summary>
    /// <exception cref="ArgumentException">A mixture is empty or holds NaN or infinity.</exception>
    public static List<SeparationClip> Cut(IReadOnlyList<float[]> mixtures, SeparationFrontEnd frontEnd)
    {
        int clip = frontEnd.ClipSamples;
        var clips = new List<SeparationClip>();
        for (int m = 0; m < mixtures.Count; m++)
        {
            var mixture = mixtures[m] ?? throw new ArgumentNullException(nameof(mixtures), $"Mixture {m} is null.");
            if (mixture.Length == 0) throw new ArgumentException($"Mixture {m} holds no samples.", nameof(mixtures));
            if (!Array.TrueForAll(mixture, float.IsFinite)) throw new ArgumentException($"Mixture {m} holds NaN or infinity.", nameof(mixtures));
            var samples = SeparationClips.Cut(mixture, frontEnd);
            for (int c = 0; c < samples.Length; c++) clips.Add(new SeparationClip(m, c * clip, samples[c]));
        }
        return clips;
    }

    /// <summary>
    /// The separated waveforms (<paramref name="length"/> samples) and masks of one mixture from its clips' spectrograms and
    /// masks (<c>[N, F, T]</c> per clip, log-frequency, activated). With a <paramref name="normalizeExponent"/> the waveforms
    /// come from masks raised to it and divided by their sum (<see cref="MixtureConsistency"/>); the returned masks are the
    /// predicted ones.
    /// </summary>
    public static SeparationResult Assemble(int length, IReadOnlyList<int> clipIndices, IReadOnlyList<MixtureSpectrogram> spectrograms, IReadOnlyList<float[]> masks,
        int sources, SeparationMask mask, float? binaryThreshold, float? normalizeExponent = null)
    {
        var frontEnd = spectrograms[clipIndices[0]].FrontEnd;
        int clip = frontEnd.ClipSamples, bins = frontEnd.LogFrequencyBins;
        int frames = spectrograms[clipIndices[0]].Frames, size = bins * frames, totalFrames = frames * clipIndices.Count;
        var waveforms = Enumerable.Range(0, sources).Select(_ => new float[length]).ToArray();
        var fullMasks = Enumerable.Range(0, sources).Select(_ => new float[bins * totalFrames]).ToArray();
        for (int c = 0; c < clipIndices.Count; c++)
        {
            int index = clipIndices[c];
            float[] applied = masks[index];
            if (normalizeExponent is float exponent)
            {
                applied = (float[])applied.Clone();
                MixtureConsistency.NormalizeMasks(applied, sources, exponent);
            }
            for (int n = 0; n < sources; n++)
            {
                var plane = masks[index].AsSpan(n * size, size);
                var wave = MaskedReconstruction.Reconstruct(spectrograms[index], applied.AsSpan(n * size, size), mask, clip, binaryThreshold);
                int start = c * clip;
                wave.AsSpan(0, Math.Min(clip, length - start)).CopyTo(waveforms[n].AsSpan(start));
                for (int f = 0; f < bins; f++) plane.Slice(f * frames, frames).CopyTo(fullMasks[n].AsSpan((f * totalFrames) + (c * frames)));
            }
        }
        return new SeparationResult(waveforms, fullMasks, bins, totalFrames);
    }

    /// <summary>Every mixture's separation from the clips' spectrograms and masks.</summary>
    public static IReadOnlyList<SeparationResult> AssembleAll(IReadOnlyList<float[]> mixtures, IReadOnlyList<SeparationClip> clips, IReadOnlyList<MixtureSpectrogram> spectrograms,
        IReadOnlyList<float[]> masks, int sources, SeparationMask mask, float? binaryThreshold, float? normalizeExponent = null) =>
        [.. mixtures.Select((mixture, m) => Assemble(mixture.Length, [.. Enumerable.Range(0, clips.Count).Where(i => clips[i].Mixture == m)], spectrograms, masks, sources, mask, binaryThreshold, normalizeExponent))];
}
