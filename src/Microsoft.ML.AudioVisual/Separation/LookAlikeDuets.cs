using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Seeded AV-MNIST-FSDD duets for motion-aware separation ("The Sound of Motions"): each source is an FSDD recording and a
/// short video in which one MNIST image moves with the recording's loudness (see <see cref="LookAlikeDuetOptions"/>). In a
/// look-alike duet both sources show the same image (one of the first source's digit), so only the motion tells them
/// apart; in a different-looking duet each shows an image of its own digit, as in <see cref="AvMnistMixtures"/>, which
/// makes the easy start of a curriculum.
/// </summary>
/// <remarks>
/// Like <see cref="AvMnistMixtures"/>, every recording of the split is the first source of one duet, with a partner of
/// another digit from the same split; shorter recordings get a random offset within the clip. Train on
/// <see cref="Split.Train"/>; evaluate on <see cref="Split.Test"/>, or on data loaded from other folders (another speaker's
/// recordings, for example) with <see cref="Split.All"/> and the test images (<c>imageSplit: Split.Test</c>). Restrict the
/// speakers with <see cref="AvMnistFsdd.WhereSpeaker"/> first. Duet i depends only on the seed, i and the data, so a
/// manifest is the same on every machine.
/// </remarks>
public static class LookAlikeDuets
{
    private const ulong Purpose = 0xD7;

    /// <summary>One duet per recording of <paramref name="split"/>.</summary>
    /// <param name="data">Recordings and images.</param>
    /// <param name="split">Which recordings (FSDD takes) and images (MNIST part) to use.</param>
    /// <param name="frontEnd">The separation front-end: its sample rate and clip length place the recordings.</param>
    /// <param name="seed">Seeds the partners, images, offsets, directions and which duets look alike.</param>
    /// <param name="lookAlikeFraction">The share of look-alike duets, from 0 (all different-looking) to 1 (all look-alike; the default).</param>
    /// <param name="imageSplit">Which images, when not those of <paramref name="split"/>.</param>
    /// <param name="recording">The samples of a recording by index at the front-end's rate (for their lengths); null to read them from the data.</param>
    /// <exception cref="ArgumentException">The split has recordings of fewer than two digits, or its images lack a digit its recordings have.</exception>
    public static IReadOnlyList<LookAlikeDuet> Manifest(AvMnistFsdd data, Split split, SeparationFrontEnd frontEnd, int seed,
        double lookAlikeFraction = 1.0, Split? imageSplit = null, Func<int, float[]>? recording = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(frontEnd);
        frontEnd.Validate();
        if (!(lookAlikeFraction >= 0 && lookAlikeFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(lookAlikeFraction), lookAlikeFraction, "The look-alike fraction must be in [0, 1].");
        var recordings = data.GetRecordingIndices(split);
        var byDigit = recordings.GroupBy(r => data.Recordings[r].Digit).ToDictionary(g => g.Key, g => g.ToArray());
        if (byDigit.Count < 2)
            throw new ArgumentException($"Duets of two different digits need recordings of at least two digits; the {split} split has {byDigit.Count}.", nameof(data));
        var imagesByDigit = data.GetImageIndices(imageSplit ?? split).GroupBy(i => data.Images.Labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var lengths = new int[data.Recordings.Count];
        foreach (var r in recordings) lengths[r] = (recording?.Invoke(r) ?? Fsdd.LoadSamples(data.Recordings[r], frontEnd.SampleRate)).Length;

        var manifest = new LookAlikeDuet[recordings.Count];
        for (int n = 0; n < recordings.Count; n++)
        {
            var random = Pcg32.ForItem(seed, n, Purpose);
            int first = recordings[n], firstDigit = data.Recordings[first].Digit;
            var others = byDigit.Keys.Where(d => d != firstDigit).Order().ToArray();
            var partnerDigit = others[random.NextInt(others.Length)];
            int second = byDigit[partnerDigit][random.NextInt(byDigit[partnerDigit].Length)];
            bool lookAlike = random.NextDouble() < lookAlikeFraction;
            int firstImage = Image(firstDigit, ref random);
            int secondImage = lookAlike ? firstImage : Image(partnerDigit, ref random);
            var sources = new[] { Source(first, firstImage, ref random), Source(second, secondImage, ref random) };
            var directions = new[] { random.NextDouble(0, 2 * Math.PI), random.NextDouble(0, 2 * Math.PI) };
            manifest[n] = new LookAlikeDuet(new MixtureSpec(sources), lookAlike, directions);
        }
        return manifest;

        int Image(int digit, ref Pcg32 random) => imagesByDigit.TryGetValue(digit, out var images)
            ? images[random.NextInt(images.Length)]
            : throw new ArgumentException($"The {imageSplit ?? split} images hold no {digit}, which the {split} recordings say.", nameof(data));

        MixtureSource Source(int recording, int image, ref Pcg32 random)
        {
            int slack = frontEnd.ClipSamples - lengths[recording];
            int offset = slack >= 0 ? random.NextInt(slack + 1) : -random.NextInt(-slack + 1);
            return new MixtureSource(recording, image, data.Recordings[recording].Digit, offset);
        }
    }

    /// <summary>The waveforms and videos of <paramref name="duet"/>.</summary>
    /// <param name="data">The data the manifest was made from.</param>
    /// <param name="duet">A duet of <see cref="Manifest"/>.</param>
    /// <param name="frontEnd">The front-end the manifest was made for: sample rate, clip length, frame size (<see cref="SeparationFrontEnd.ImageSize"/>).</param>
    /// <param name="options">How the images move; null for the defaults.</param>
    /// <param name="recording">The samples of a recording by index at the front-end's rate; null to read them from the data.</param>
    public static DuetClip Render(AvMnistFsdd data, LookAlikeDuet duet, SeparationFrontEnd frontEnd, LookAlikeDuetOptions? options = null,
        Func<int, float[]>? recording = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(duet);
        ArgumentNullException.ThrowIfNull(frontEnd);
        options ??= new LookAlikeDuetOptions();
        options.Validate();
        recording ??= r => Fsdd.LoadSamples(data.Recordings[r], frontEnd.SampleRate);
        var (sources, mixture) = MixtureRenderer.Render(duet.Mixture, recording, frontEnd.ClipSamples);
        int frames = options.FrameCount(frontEnd.ClipSamples, frontEnd.SampleRate), size = frontEnd.ImageSize;
        if (data.Images.Rows != data.Images.Columns)
            throw new InvalidDataException($"The MNIST images are {data.Images.Columns}x{data.Images.Rows}; moving images must be square.");
        var videos = new float[sources.Length][];
        var envelopes = new float[sources.Length][];
        for (int n = 0; n < sources.Length; n++)
        {
            envelopes[n] = EnvelopeMotion.Envelope(sources[n], frames);
            var image = data.Images.ToFloats(duet.Mixture.Sources[n].ImageIndex);
            videos[n] = EnvelopeMotion.Render(image, data.Images.Rows, envelopes[n], duet.Directions[n], size, options);
        }
        return new DuetClip(sources, mixture, videos, envelopes, frames, size);
    }
}
