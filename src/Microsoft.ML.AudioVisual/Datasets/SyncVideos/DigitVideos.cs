namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Digit videos for audio-visual synchronisation, timed exactly by construction: MNIST digits appear one after another
/// on a black screen while an FSDD recording of the same digit starts at the very sample of the frame that shows it.
/// Gaps and durations are random; each digit stays until its recording has ended (plus a random hold), so a blank
/// screen never comes with speech. Images and recordings come from one split of an <see cref="AvMnistFsdd"/> set.
/// </summary>
/// <remarks>
/// Video <c>i</c> depends only on the seed, <c>i</c>, the source and the options. FSDD recordings are trimmed close to the
/// spoken word, so the speech starts within a few milliseconds of the recording, and of the frame.
/// </remarks>
public static class DigitVideos
{
    private const ulong Purpose = 0x5D;

    /// <summary>Builds <paramref name="count"/> videos from the images and recordings of <paramref name="split"/>.</summary>
    /// <param name="source">Recordings and images (for example a speaker subset from <see cref="AvMnistFsdd.WhereSpeaker"/>).</param>
    /// <param name="split">Which recordings and images (see <see cref="AvMnistFsdd.GetImageIndices"/>).</param>
    /// <param name="count">How many videos.</param>
    /// <param name="seed">The seed; the same arguments give the same videos on every machine.</param>
    /// <param name="options">Length, rates, gaps; null for the defaults.</param>
    /// <returns>Grey videos <c>[T, 1, Size, Size]</c> with their events (frame, digit).</returns>
    /// <exception cref="InvalidOperationException">A digit shown by the split's images has no recording in the split.</exception>
    public static IReadOnlyList<SyncVideo> Generate(AvMnistFsdd source, Split split, int count, int seed, DigitVideoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new DigitVideoOptions();
        options.Validate();
        var images = source.GetImageIndices(split);
        var byDigit = new List<int>[10];
        for (int d = 0; d < 10; d++) byDigit[d] = [];
        foreach (var r in source.GetRecordingIndices(split)) byDigit[source.Recordings[r].Digit].Add(r);
        var missing = images.Select(i => source.Images.Labels[i]).Distinct().Where(d => byDigit[d].Count == 0).Order().ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"The {split} split shows digits {string.Join(", ", missing)} but holds no FSDD recording of them.");

        var waveforms = new Lazy<float[]>[source.Recordings.Count];
        for (int r = 0; r < waveforms.Length; r++)
        {
            var recording = source.Recordings[r];
            waveforms[r] = new Lazy<float[]>(() => LoadRecording(recording, options.SampleRate));
        }
        var videos = new SyncVideo[count];
        Parallel.For(0, count, i => videos[i] = Render(source, images, byDigit, waveforms, options, seed, i));
        return videos;
    }

    private static SyncVideo Render(AvMnistFsdd source, IReadOnlyList<int> images, List<int>[] byDigit, Lazy<float[]>[] waveforms,
        DigitVideoOptions options, int seed, int index)
    {
        var random = Pcg32.ForItem(seed, index, Purpose);
        int frameCount = options.FrameCount, size = options.Size, plane = size * size;
        double fps = options.FramesPerSecond;
        var frames = new float[frameCount * plane];
        var audio = options.NewSoundtrack(ref random);
        var events = new List<SyncEvent>();
        int frame = Frames(random.NextDouble(0, options.MaxGap), fps);
        while (frame < frameCount)
        {
            int image = images[random.NextInt(images.Count)];
            int digit = source.Images.Labels[image];
            var candidates = byDigit[digit];
            var sound = waveforms[candidates[random.NextInt(candidates.Count)]].Value;
            int shown = Math.Max(1, (int)Math.Ceiling((sound.Length / (double)options.SampleRate + random.NextDouble(0, options.MaxHold)) * fps - 1e-9));
            var pixels = AreaResampler.Resize(source.Images.ToFloats(image), source.Images.Rows, source.Images.Columns, size, size);
            for (int f = frame; f < Math.Min(frame + shown, frameCount); f++) pixels.CopyTo(frames, f * plane);
            SyncVideoTiming.Mix(audio, sound, (long)Math.Round(frame * options.SampleRate / fps, MidpointRounding.AwayFromZero));
            events.Add(new SyncEvent(frame, digit));
            frame += shown + Math.Max(1, Frames(random.NextDouble(options.MinGap, options.MaxGap), fps));
        }
        return new SyncVideo(frames, frameCount, 1, size, size, fps, audio, options.SampleRate, events, $"digit video {index}");
    }

    private static int Frames(double seconds, double fps) => (int)Math.Round(seconds * fps, MidpointRounding.AwayFromZero);

    /// <summary>A recording at <paramref name="sampleRate"/>, whole (not centred in a window).</summary>
    private static float[] LoadRecording(FsddRecording recording, int sampleRate)
    {
        var clip = IO.WavFile.Read(recording.Path);
        return clip.SampleRate == sampleRate ? clip.Samples : new Media.AudioResampler(clip.SampleRate, sampleRate).Resample(clip.Samples);
    }
}
