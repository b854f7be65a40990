namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Length, frame rate, sample rate and background hiss shared by the generated synchronisation videos.</summary>
public abstract class SyncVideoTiming
{
    /// <summary>Seconds per video (default 4).</summary>
    public double Seconds { get; set; } = 4.0;

    /// <summary>Frames per second (default 25, as GRID).</summary>
    public double FramesPerSecond { get; set; } = 25;

    /// <summary>Audio samples per second (default 8,000, FSDD's rate).</summary>
    public int SampleRate { get; set; } = 8000;

    /// <summary>Peak amplitude of the white noise under the soundtrack, so that silence is never digital zero (default 0.003).</summary>
    public double NoiseLevel { get; set; } = 0.003;

    /// <summary>Frames per video.</summary>
    public int FrameCount => (int)Math.Round(Seconds * FramesPerSecond, MidpointRounding.AwayFromZero);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public virtual void Validate()
    {
        Require(double.IsFinite(FramesPerSecond) && FramesPerSecond > 0, nameof(FramesPerSecond), $"must be positive, got {FramesPerSecond}");
        Require(double.IsFinite(Seconds) && FrameCount >= 1, nameof(Seconds), $"must give at least one frame, got {Seconds}");
        Require(SampleRate >= 1000, nameof(SampleRate), $"must be at least 1000, got {SampleRate}");
        Require(double.IsFinite(NoiseLevel) && NoiseLevel >= 0 && NoiseLevel < 1, nameof(NoiseLevel), $"must be in [0, 1), got {NoiseLevel}");
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the setting when <paramref name="condition"/> fails.</summary>
    protected static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentOutOfRangeException(name, $"{name} {problem}.");
    }

    /// <summary>A silent soundtrack of the video's length with the background hiss, from <paramref name="random"/>.</summary>
    internal float[] NewSoundtrack(ref Pcg32 random)
    {
        var audio = new float[(long)Math.Round(FrameCount * SampleRate / FramesPerSecond, MidpointRounding.AwayFromZero)];
        float level = (float)NoiseLevel;
        for (int i = 0; i < audio.Length; i++) audio[i] = level * random.NextSignedSingle();
        return audio;
    }

    /// <summary>Adds <paramref name="sound"/> into <paramref name="audio"/> from sample <paramref name="start"/> (cut at the end, clipped to [-1, 1]).</summary>
    internal static void Mix(float[] audio, ReadOnlySpan<float> sound, long start)
    {
        for (int i = 0; i < sound.Length && start + i < audio.Length; i++)
            audio[start + i] = Math.Clamp(audio[start + i] + sound[i], -1f, 1f);
    }
}
