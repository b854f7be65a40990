using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// A separation demo set from a folder of pictures with one recording each (<c>NAME.png</c> beside <c>NAME.ogg</c>, the
/// layout of the GCompris instruments): every recording is split in time, its last seconds held out; the rest is cut into
/// overlapping clips that become training rows with the picture as the image and the name as the group, so two clips of
/// one instrument are never mixed. Held-out mixtures of a pair (<see cref="HeldOutMixture"/>) are made from the held-out parts only.
/// </summary>
/// <remarks>
/// One recording per instrument makes this a demo of the pipeline on real sounds, not a benchmark: the held-out seconds
/// come from the very recordings the model learned the instruments from.
/// </remarks>
public sealed class InstrumentSeparationSet
{
    /// <summary>Default seconds held out at the end of each recording (rounded up to whole clips).</summary>
    public const double DefaultHeldOutSeconds = 2.0;

    /// <summary>Training clips start every ClipSamples / this samples (clips overlap by three quarters).</summary>
    private const int ClipsPerHop = 4;

    private readonly PhotoSoundPair[] _pairs;
    private readonly float[][] _images;
    private InstrumentSeparationSet(PhotoSoundPair[] pairs, SeparationFrontEnd frontEnd, int heldOutClips)
    {
        _pairs = pairs;
        HeldOutClips = heldOutClips;
        FrontEnd = frontEnd;
        _images = [.. pairs.Select(p => p.CentreSquare(frontEnd.ImageSize))];
    }

    /// <summary>The front-end the recordings and pictures were prepared for.</summary>
    public SeparationFrontEnd FrontEnd { get; }

    /// <summary>The instrument names, sorted (the file names without extension).</summary>
    public IReadOnlyList<string> Instruments => [.. _pairs.Select(p => p.Name)];

    /// <summary>Loads every picture-recording pair under <paramref name="folder"/>, the sound mono at the front-end's rate.</summary>
    /// <param name="folder">The folder with <c>NAME.png</c> and <c>NAME.ogg</c> files.</param>
    /// <param name="frontEnd">The separator's front-end (rate, clip length, image size).</param>
    /// <param name="heldOutSeconds">Seconds held out at the end of each recording, rounded up to whole clips.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">Fewer than two pairs, or a recording too short for a training clip and a held-out clip.</exception>
    public static InstrumentSeparationSet Load(string folder, SeparationFrontEnd frontEnd, double heldOutSeconds = DefaultHeldOutSeconds)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        frontEnd.Validate();
        if (!(heldOutSeconds > 0 && double.IsFinite(heldOutSeconds)))
            throw new ArgumentOutOfRangeException(nameof(heldOutSeconds), heldOutSeconds, "The held-out seconds must be positive.");
        var pairs = PhotoSoundFolder.Load(folder, frontEnd.SampleRate).ToArray();
        if (pairs.Length < 2) throw new InvalidDataException($"'{folder}' holds {pairs.Length} picture/recording pairs (NAME.png with NAME.ogg); mixtures need at least two.");
        int clip = frontEnd.ClipSamples;
        int clips = (int)Math.Ceiling(heldOutSeconds * frontEnd.SampleRate / clip);
        if (pairs.FirstOrDefault(p => p.Sound.Length - (clips * clip) < clip) is { } shortest)
            throw new InvalidDataException(
                $"'{shortest.Name}.ogg' in '{folder}' lasts {shortest.Sound.Length / (double)frontEnd.SampleRate:0.##} s: too short for a training clip of " +
                $"{clip / (double)frontEnd.SampleRate:0.###} s and {clips * clip / (double)frontEnd.SampleRate:0.###} s held out.");
        return new InstrumentSeparationSet(pairs, frontEnd, clips);
    }

    /// <summary>The instrument's picture as the model takes it: the centre square resized to the front-end's image size, <c>[3, S, S]</c> in [0, 1].</summary>
    public float[] Image(int instrument) => _images[instrument];

    /// <summary>Clips held out at the end of every recording.</summary>
    public int HeldOutClips { get; }

    /// <summary>Every unordered pair of different instruments, <c>(i, j)</c> with i &lt; j.</summary>
    public IEnumerable<(int First, int Second)> AllPairs =>
        Enumerable.Range(0, _pairs.Length).SelectMany(i => Enumerable.Range(i + 1, _pairs.Length - i - 1).Select(j => (i, j)));

    /// <summary>The index of <paramref name="name"/> in <see cref="Instruments"/>.</summary>
    /// <exception cref="ArgumentException">No instrument has that name; the message lists them.</exception>
    public int IndexOf(string name)
    {
        int index = Array.FindIndex(_pairs, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new ArgumentException($"No instrument '{name}'; there are {string.Join(", ", Instruments)}.", nameof(name));
    }

    /// <summary>
    /// The training rows (<see cref="SeparationRows"/> columns, pictures <c>Vector&lt;Single, 3, S, S&gt;</c>): of every
    /// recording, the clips that fit before its held-out part, one every quarter clip, silent clips left out.
    /// </summary>
    public IDataView TrainingRows(MLContext context)
    {
        int clip = FrontEnd.ClipSamples, hop = Math.Max(1, clip / ClipsPerHop);
        var rows = new List<SeparationRows.Row>();
        for (int i = 0; i < _pairs.Length; i++)
        {
            int end = TrainingLength(i);
            for (int start = 0; start + clip <= end; start += hop)
            {
                var audio = _pairs[i].Sound.AsSpan(start, clip);
                if (!SeparationRows.IsSilent(audio))
                    rows.Add(new SeparationRows.Row { Audio = audio.ToArray(), Image = _images[i], Group = _pairs[i].Name });
            }
        }
        return SeparationRows.ToDataView(context, rows, [3, FrontEnd.ImageSize, FrontEnd.ImageSize]);
    }

    /// <summary>
    /// The held-out mixture of two instruments: their held-out parts, each scaled by 1/2 and summed, with its manifest of clip mixtures for <c>SeparationEvaluator.Evaluate</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The two are the same instrument.</exception>
    public HeldOutMixture HeldOutMixture(int first, int second)
    {
        var (manifest, recordings) = HeldOutManifest([(first, second)]);
        var rendered = manifest.Select(spec => MixtureRenderer.Render(spec, r => recordings[r], FrontEnd.ClipSamples)).ToArray();
        float[] Concatenate(Func<(float[][] Sources, float[] Mixture), float[]> part) => [.. rendered.SelectMany(part)];
        return new HeldOutMixture(
            [_pairs[first].Name, _pairs[second].Name],
            Concatenate(r => r.Mixture),
            [Concatenate(r => r.Sources[0]), Concatenate(r => r.Sources[1])],
            manifest,
            recordings);
    }

    /// <summary>
    /// The clip mixtures of the held-out parts of each pair: clip c of the first with clip c of the second, for each of
    /// the <see cref="HeldOutClips"/>. Recording indices point into the returned clips; image indices and groups
    /// are instrument indices.
    /// </summary>
    /// <exception cref="ArgumentException">A pair names one instrument twice.</exception>
    public (IReadOnlyList<MixtureSpec> Manifest, IReadOnlyList<float[]> Recordings) HeldOutManifest(IEnumerable<(int First, int Second)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        int clip = FrontEnd.ClipSamples;
        var recordings = new List<float[]>();
        var manifest = new List<MixtureSpec>();
        foreach (var (first, second) in pairs)
        {
            if (first == second) throw new ArgumentException($"A mixture needs two different instruments, got '{_pairs[first].Name}' twice.", nameof(pairs));
            for (int c = 0; c < HeldOutClips; c++)
            {
                manifest.Add(new MixtureSpec([.. new[] { first, second }.Select(i =>
                {
                    recordings.Add(_pairs[i].Sound.AsSpan(TrainingLength(i) + (c * clip), clip).ToArray());
                    return new MixtureSource(recordings.Count - 1, i, i, 0);
                })]));
            }
        }
        return (manifest, recordings);
    }

    private int TrainingLength(int instrument) => _pairs[instrument].Sound.Length - (HeldOutClips * FrontEnd.ClipSamples);
}
