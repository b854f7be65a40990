using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The input side of a Sound of Pixels model: clip length and STFT of the audio, the log-frequency warp, the size of
/// the video frames. <see cref="Official"/> is the official code's (arguments.py defaults); <see cref="Small"/> goes
/// with <c>SeparationArchitecture.Small</c> for CPU training.
/// </summary>
public sealed record SeparationFrontEnd
{
    /// <summary>Sample rate of the audio in Hz (official 11025).</summary>
    public int SampleRate { get; init; } = 11025;

    /// <summary>Samples per clip (official 65535, about 6 s): a centred STFT gives <c>1 + ClipSamples / HopLength</c> frames.</summary>
    public int ClipSamples { get; init; } = 65535;

    /// <summary>STFT size (official 1022: 512 linear bins).</summary>
    public int FftSize { get; init; } = 1022;

    /// <summary>STFT hop (official 256).</summary>
    public int HopLength { get; init; } = 256;

    /// <summary>Rows of the network's frequency axis, the log-frequency warp's (official 256) or the linear resampling's.</summary>
    public int LogFrequencyBins { get; init; } = 256;

    /// <summary>How the rows sample the STFT's bins: the official log-frequency warp (default) or evenly.</summary>
    public SeparationFrequencyAxis FrequencyAxis { get; init; } = SeparationFrequencyAxis.Logarithmic;

    /// <summary>Side of the square video frames (official 224).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Video frames per clip (official 3).</summary>
    public int VideoFrames { get; init; } = 3;

    /// <summary>Added to the STFT magnitude before the warp and the log (official 1e-10).</summary>
    public float MagnitudeOffset { get; init; } = 1e-10f;

    /// <summary>The official front-end: 11025 Hz, 65535 samples, STFT 1022 / 256 (512 x 256) warped to 256 x 256, three 224 px frames.</summary>
    public static SeparationFrontEnd Official => new();

    /// <summary>
    /// The CPU front-end: 8 kHz, 4095 samples (0.51 s, so that two spoken digits of about 0.43 s overlap in a mixture),
    /// STFT 256 / 128 (129 x 32) warped to 128 x 32, three 64 px frames. Hop 128 gives twice the training steps of hop 64
    /// per minute (AV-MNIST-FSDD test NSDR 3.5 dB after 18 minutes); hop 64 keeps a better ideal-binary-mask oracle (9.7
    /// vs 8.4 dB on digits; on the GCompris instruments 11.5 vs -0.6 dB), so the instrument demo uses it.
    /// </summary>
    public static SeparationFrontEnd Small => new()
    {
        SampleRate = 8000,
        ClipSamples = 4095,
        FftSize = 256,
        HopLength = 128,
        LogFrequencyBins = 128,
        ImageSize = 64,
    };

    /// <summary>Rows of the linear STFT (<c>FftSize / 2 + 1</c>).</summary>
    public int LinearBins => (FftSize / 2) + 1;

    /// <summary>STFT frames of one clip (<c>1 + ClipSamples / HopLength</c>, centred).</summary>
    public int SpectrogramFrames => 1 + (ClipSamples / HopLength);

    /// <summary>
    /// The STFT as the official code computes it with librosa 0.7: periodic Hann, centred with reflect padding,
    /// magnitude, linear frequency.
    /// </summary>
    public SpectrogramOptions StftOptions() => new()
    {
        SampleRate = SampleRate,
        FftSize = FftSize,
        HopLength = HopLength,
        Window = WindowFunction.HannPeriodic,
        Center = true,
        PadMode = PaddingMode.Reflect,
        Spectrum = SpectrumKind.Magnitude,
        Scale = FrequencyScale.Linear,
    };

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Positive(SampleRate, nameof(SampleRate));
        Positive(HopLength, nameof(HopLength));
        Positive(LogFrequencyBins, nameof(LogFrequencyBins));
        Positive(ImageSize, nameof(ImageSize));
        Positive(VideoFrames, nameof(VideoFrames));
        if (!Enum.IsDefined(FrequencyAxis)) throw new ArgumentOutOfRangeException(nameof(FrequencyAxis), FrequencyAxis, "FrequencyAxis is not a frequency axis.");
        if (FftSize < 4) throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, "FftSize must be at least 4.");
        if (ClipSamples <= FftSize / 2)
            throw new ArgumentOutOfRangeException(nameof(ClipSamples), ClipSamples, $"ClipSamples must exceed FftSize / 2 ({FftSize / 2}) for reflect padding.");
        if (!(MagnitudeOffset >= 0) || !float.IsFinite(MagnitudeOffset))
            throw new ArgumentOutOfRangeException(nameof(MagnitudeOffset), MagnitudeOffset, "MagnitudeOffset must be finite and >= 0.");
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }
}
