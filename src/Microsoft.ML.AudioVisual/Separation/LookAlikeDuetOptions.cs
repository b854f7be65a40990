namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// How the videos of <see cref="LookAlikeDuets"/> move: each source's image sits at the centre of a black frame and, frame
/// by frame, is shifted along its own direction and enlarged in proportion to its recording's loudness, like a mouth
/// with speech or a bow with a note.
/// </summary>
public sealed record LookAlikeDuetOptions
{
    /// <summary>
    /// Video frames per second (default 16: 8 frames over the 0.51 s clip of <see cref="SeparationFrontEnd.Small"/>, so a
    /// spoken digit of about 0.43 s spans 7 of them).
    /// </summary>
    public double FramesPerSecond { get; init; } = 16;

    /// <summary>Side of the image at rest, as a fraction of the frame side (default 0.5).</summary>
    public double ImageFraction { get; init; } = 0.5;

    /// <summary>Shift of the image's centre at the loudest frame, as a fraction of the frame side (default 0.2).</summary>
    public double MaxShift { get; init; } = 0.2;

    /// <summary>Relative growth of the image at the loudest frame (default 0.5: half as large again).</summary>
    public double MaxGrowth { get; init; } = 0.5;

    /// <summary>Video frames of a clip of <paramref name="clipSamples"/> at <paramref name="sampleRate"/>: <c>round(seconds * FramesPerSecond)</c>, at least 2.</summary>
    public int FrameCount(int clipSamples, int sampleRate) =>
        Math.Max(2, (int)Math.Round(clipSamples * FramesPerSecond / sampleRate, MidpointRounding.AwayFromZero));

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(FramesPerSecond > 0 && double.IsFinite(FramesPerSecond)))
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "FramesPerSecond must be positive.");
        if (!(ImageFraction > 0 && ImageFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(ImageFraction), ImageFraction, "ImageFraction must be in (0, 1].");
        if (!(MaxShift >= 0 && MaxShift <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(MaxShift), MaxShift, "MaxShift must be in [0, 0.5] of the frame side.");
        if (!(MaxGrowth >= 0 && MaxGrowth <= 2))
            throw new ArgumentOutOfRangeException(nameof(MaxGrowth), MaxGrowth, "MaxGrowth must be in [0, 2].");
        if (MaxShift == 0 && MaxGrowth == 0)
            throw new ArgumentOutOfRangeException(nameof(MaxShift), "MaxShift and MaxGrowth are both 0: the images would not move, and look-alike sources could not be told apart.");
    }
}
