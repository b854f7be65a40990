namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// A video held in memory with its soundtrack, timed exactly: frame <c>f</c> is shown from <c>f / FramesPerSecond</c>
/// seconds and audio sample <c>n</c> plays at <c>n / SampleRate</c> seconds, both from the same start. The material of
/// audio-visual synchronisation: generated videos know their events, real ones (<see cref="SyncVideoFile"/>) do not.
/// </summary>
public sealed class SyncVideo
{
    /// <summary>Creates a video; the arrays are kept, not copied.</summary>
    /// <param name="frames">Planar frames <c>[T, C, H, W]</c>, values in [0, 1].</param>
    /// <param name="frameCount">T.</param>
    /// <param name="channels">C (1 for grey, 3 for RGB).</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="framesPerSecond">Frame rate.</param>
    /// <param name="audio">Mono waveform in [-1, 1].</param>
    /// <param name="sampleRate">Audio samples per second.</param>
    /// <param name="events">Known audio-visual events (generated videos), or null.</param>
    /// <param name="name">A name for messages (file name, generator and index).</param>
    /// <exception cref="ArgumentException">The sizes do not agree.</exception>
    public SyncVideo(float[] frames, int frameCount, int channels, int height, int width, double framesPerSecond, float[] audio, int sampleRate,
        IReadOnlyList<SyncEvent>? events = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(audio);
        if (frameCount < 1 || channels < 1 || height < 1 || width < 1)
            throw new ArgumentException($"A video needs positive sizes, got {frameCount} frames of {channels} x {height} x {width}.", nameof(frameCount));
        if (frames.Length != (long)frameCount * channels * height * width)
            throw new ArgumentException($"{frames.Length} frame values do not make {frameCount} frames of {channels} x {height} x {width}.", nameof(frames));
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond))) throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "The frame rate must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        Frames = frames;
        FrameCount = frameCount;
        Channels = channels;
        Height = height;
        Width = width;
        FramesPerSecond = framesPerSecond;
        Audio = audio;
        SampleRate = sampleRate;
        Events = events ?? [];
        Name = name ?? "video";
    }

    /// <summary>Planar frames <c>[T, C, H, W]</c> in [0, 1]. Shared, not copied: do not modify.</summary>
    public float[] Frames { get; }

    /// <summary>T.</summary>
    public int FrameCount { get; }

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>H.</summary>
    public int Height { get; }

    /// <summary>W.</summary>
    public int Width { get; }

    /// <summary>Values per frame (<c>C x H x W</c>).</summary>
    public int FrameSize => Channels * Height * Width;

    /// <summary>Frames per second.</summary>
    public double FramesPerSecond { get; }

    /// <summary>The mono soundtrack. Shared, not copied: do not modify.</summary>
    public float[] Audio { get; }

    /// <summary>Audio samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Known events (frame and label), in time order; empty for real videos.</summary>
    public IReadOnlyList<SyncEvent> Events { get; }

    /// <summary>A name for messages.</summary>
    public string Name { get; }

    /// <summary>Seconds the frames cover.</summary>
    public double Duration => FrameCount / FramesPerSecond;

    /// <summary>The audio sample that plays when frame <paramref name="frame"/> appears (rounded to the nearest sample).</summary>
    public long SampleAt(int frame) => (long)Math.Round(frame * SampleRate / FramesPerSecond, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Frames <paramref name="startFrame"/> .. <paramref name="startFrame"/> + <paramref name="frameCount"/> - 1 with the audio
    /// of the same span delayed by <paramref name="audioDelayFrames"/> frames: the window's audio at its time t is this video's
    /// audio at <c>t - delay</c> (silence where the soundtrack has none). A delay of 0 keeps the video in sync; a positive
    /// delay makes the sound late, as a sync estimator should then report.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The frames are not inside the video.</exception>
    public SyncVideo Window(int startFrame, int frameCount, int audioDelayFrames = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        if (startFrame > FrameCount - frameCount)
            throw new ArgumentOutOfRangeException(nameof(frameCount), $"Frames {startFrame} to {startFrame + frameCount - 1} are outside '{Name}', which has {FrameCount}.");
        var frames = Frames.AsSpan(startFrame * FrameSize, frameCount * FrameSize).ToArray();
        var audio = AudioSpan(startFrame, frameCount, audioDelayFrames);
        var events = Events.Where(e => e.Frame >= startFrame && e.Frame < startFrame + frameCount).Select(e => e with { Frame = e.Frame - startFrame }).ToArray();
        string delay = audioDelayFrames == 0 ? "" : $", audio delayed {audioDelayFrames} frames";
        return new SyncVideo(frames, frameCount, Channels, Height, Width, FramesPerSecond, audio, SampleRate, events,
            $"{Name} [frames {startFrame}-{startFrame + frameCount - 1}{delay}]");
    }

    /// <summary>
    /// The soundtrack of frames <paramref name="startFrame"/> .. <paramref name="startFrame"/> + <paramref name="frameCount"/> - 1
    /// (the start may be negative and the end beyond the video) delayed by <paramref name="audioDelayFrames"/> frames: its
    /// sample at time t plays this video's audio at <c>t - delay</c>, silence where the soundtrack has none.
    /// </summary>
    public float[] AudioSpan(int startFrame, int frameCount, int audioDelayFrames = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        long first = SampleAt(startFrame - audioDelayFrames);
        var audio = new float[SampleAt(startFrame + frameCount) - SampleAt(startFrame)];
        for (int i = 0; i < audio.Length; i++)
        {
            long source = first + i;
            if (source >= 0 && source < Audio.Length) audio[i] = Audio[source];
        }
        return audio;
    }

    /// <summary>Consecutive windows of <paramref name="frameCount"/> frames (the remainder is dropped), e.g. equal-length training rows.</summary>
    public IEnumerable<SyncVideo> Segments(int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        for (int start = 0; start + frameCount <= FrameCount; start += frameCount) yield return Window(start, frameCount);
    }

    /// <summary>The same video with grey frames (the mean of the colour planes); this video when it is grey already.</summary>
    public SyncVideo ToGrey()
    {
        if (Channels == 1) return this;
        int plane = Height * Width;
        var grey = new float[FrameCount * plane];
        for (int f = 0; f < FrameCount; f++)
        {
            var frame = Frames.AsSpan(f * FrameSize, FrameSize);
            var target = grey.AsSpan(f * plane, plane);
            for (int c = 0; c < Channels; c++)
                for (int i = 0; i < plane; i++) target[i] += frame[c * plane + i];
            for (int i = 0; i < plane; i++) target[i] /= Channels;
        }
        return new SyncVideo(grey, FrameCount, 1, Height, Width, FramesPerSecond, Audio, SampleRate, Events, Name);
    }
}
