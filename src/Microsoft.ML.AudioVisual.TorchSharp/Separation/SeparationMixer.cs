namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Which rows make one training mixture: per source, the row whose audio is used, the row whose visual is used, the
/// audio's offset in the clip and, for augmented training mixtures, the factor its samples are scaled by (null: 1).
/// </summary>
internal sealed record MixtureDraw(int[] AudioRows, int[] VisualRows, int[] Offsets, float[]? Gains = null);

/// <summary>A drawn mixture made ready for the network: the input, the targets and what evaluation needs.</summary>
/// <param name="Spectrogram">The mixture's spectrogram (network input, STFT for reconstruction).</param>
/// <param name="Mixture">The mixture waveform (a clip).</param>
/// <param name="Sources">The scaled sources, which sum to the mixture.</param>
/// <param name="Targets">Per source, the target mask <c>[LogFrequencyBins, Frames]</c>.</param>
/// <param name="Weight">The loss weight <c>[LogFrequencyBins, Frames]</c>, or one such plane per source (<see cref="SeparationLossWeight.PerSource"/>).</param>
internal sealed record PreparedMixture(MixtureSpectrogram Spectrogram, float[] Mixture, float[][] Sources, float[][] Targets, float[] Weight);

/// <summary>
/// Draws mixtures of sources from different groups among a set of rows (seeded by the caller's generator) and
/// renders them as the official code mixes: each source at a random offset in a clip, scaled by 1 / N, summed.
/// </summary>
internal sealed class SeparationMixer
{
    private readonly SeparationExampleSet _data;
    private readonly MixAndSeparateOptions _options;
    private readonly int[] _groups;
    private readonly Dictionary<int, int[]> _rowsByGroup;

    public SeparationMixer(SeparationExampleSet data, IReadOnlyList<int> rows, MixAndSeparateOptions options)
    {
        _data = data;
        _options = options;
        _rowsByGroup = rows.GroupBy(r => data.Groups[r]).ToDictionary(g => g.Key, g => g.Order().ToArray());
        _groups = [.. _rowsByGroup.Keys.Order()];
    }

    /// <summary>Whether mixtures can be drawn (at least as many groups as sources).</summary>
    public bool CanMix => _groups.Length >= _options.Sources;

    /// <summary>Rows available.</summary>
    public int Rows => _rowsByGroup.Values.Sum(r => r.Length);

    /// <summary>
    /// Draws the groups (all different), then per source an audio row and a visual row of its group and an offset; when
    /// <paramref name="augment"/>, also each source's gain (<see cref="MixAndSeparateOptions.SourceGain"/> per source plus
    /// <see cref="MixAndSeparateOptions.MixtureGain"/> for the whole mixture, uniform in dB).
    /// </summary>
    public MixtureDraw Draw(Random random, bool augment = false)
    {
        if (!CanMix) throw new InvalidOperationException($"Mixtures of {_options.Sources} sources need rows of {_options.Sources} groups; there are {_groups.Length}.");
        int n = _options.Sources, clip = _options.FrontEnd.ClipSamples;
        var groups = _groups.ToArray();
        random.Shuffle(groups);
        var audio = new int[n];
        var visual = new int[n];
        var offsets = new int[n];
        for (int i = 0; i < n; i++)
        {
            var rows = _rowsByGroup[groups[i]];
            audio[i] = rows[random.Next(rows.Length)];
            // Without a group column each row is its own group, so this is the row itself.
            visual[i] = rows[random.Next(rows.Length)];
            int slack = clip - _data.Waveforms[audio[i]].Length;
            offsets[i] = slack >= 0 ? random.Next(slack + 1) : -random.Next(-slack + 1);
        }
        return new MixtureDraw(audio, visual, offsets, augment ? DrawGains(random) : null);
    }

    private float[]? DrawGains(Random random)
    {
        if (_options.SourceGain == 0 && _options.MixtureGain == 0) return null;
        double Uniform(double decibels) => decibels * ((2 * random.NextDouble()) - 1);
        double mixture = Uniform(_options.MixtureGain);
        return [.. Enumerable.Range(0, _options.Sources).Select(_ => (float)Math.Pow(10, (mixture + Uniform(_options.SourceGain)) / 20))];
    }

    /// <summary>Renders the mixture and computes its spectrogram, targets and weight.</summary>
    public PreparedMixture Prepare(MixtureDraw draw)
    {
        var frontEnd = _options.FrontEnd;
        var spec = new MixtureSpec([.. draw.AudioRows.Select((row, i) => new MixtureSource(row, draw.VisualRows[i], _data.Groups[row], draw.Offsets[i]))]);
        var (sources, mixture) = MixtureRenderer.Render(spec, row => _data.Waveforms[row], frontEnd.ClipSamples, draw.Gains);
        return Prepare(sources, mixture, frontEnd, _options.Mask, _options.LossWeight);
    }

    /// <summary>Spectrogram, targets and weight of rendered sources and their mixture.</summary>
    public static PreparedMixture Prepare(float[][] sources, float[] mixture, SeparationFrontEnd frontEnd, SeparationMask mask,
        SeparationLossWeight lossWeight = SeparationLossWeight.Mixture)
    {
        var spectrogram = MixtureSpectrogram.Compute(mixture, frontEnd);
        var magnitudes = sources.Select(s => SeparationTargets.Magnitude(s, frontEnd)).ToArray();
        var (targets, weight) = SeparationTargets.Compute(magnitudes, spectrogram.Magnitude, spectrogram.Frames, frontEnd, mask, lossWeight);
        return new PreparedMixture(spectrogram, mixture, sources, targets, weight);
    }
}
