namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// Parameters of a spectrogram front-end. The defaults are those of
/// <c>torchaudio.transforms.MelSpectrogram</c>: 16 kHz, n_fft 400, hop 200, periodic Hann, centred frames
/// with reflect padding, power spectrum, 128 HTK mel bands without filter normalisation, no log.
/// </summary>
/// <remarks>
/// A mutable description; <see cref="SpectrogramComputer"/> validates and copies it. Named presets:
/// <see cref="TorchAudio"/>, <see cref="Librosa"/>, <see cref="L3"/>, <see cref="PixelPlayer"/>
/// and <see cref="FromPreset"/>.
/// </remarks>
public sealed class SpectrogramOptions
{
    private static readonly string[] PresetNames = ["torchaudio", "librosa", "l3", "pixelplayer"];

    /// <summary>Sample rate of the waveform in Hz (default 16000).</summary>
    public int SampleRate { get; set; } = 16000;

    /// <summary>FFT size n_fft (default 400). Rows of a linear spectrogram: FftSize/2 + 1.</summary>
    public int FftSize { get; set; } = 400;

    /// <summary>Window length win_length; null means <see cref="FftSize"/>. A shorter window is zero-padded
    /// centrally to <see cref="FftSize"/> (left padding (n_fft - win_length)/2), as <c>torch.stft</c> does.</summary>
    public int? WindowLength { get; set; }

    /// <summary>Samples between frames; null means window length / 2 (the torchaudio default).</summary>
    public int? HopLength { get; set; }

    /// <summary>Analysis window (default periodic Hann).</summary>
    public WindowFunction Window { get; set; } = WindowFunction.HannPeriodic;

    /// <summary>Pad by n_fft/2 on both sides so that frame t is centred on sample t·hop (default true).
    /// Frames: <c>1 + len/hop</c> when centred (even n_fft), <c>1 + (len - n_fft)/hop</c> otherwise.</summary>
    public bool Center { get; set; } = true;

    /// <summary>Padding used when <see cref="Center"/> is true (default reflect, torchaudio; librosa &gt;= 0.9 uses constant).</summary>
    public PaddingMode PadMode { get; set; } = PaddingMode.Reflect;

    /// <summary>Magnitude or power spectrum (default power).</summary>
    public SpectrumKind Spectrum { get; set; } = SpectrumKind.Power;

    /// <summary>Frequency axis (default mel).</summary>
    public FrequencyScale Scale { get; set; } = FrequencyScale.Mel;

    /// <summary>Hz-to-mel formula for <see cref="FrequencyScale.Mel"/> (default HTK).</summary>
    public MelScale MelScale { get; set; } = MelScale.Htk;

    /// <summary>Mel filter normalisation (default none).</summary>
    public MelNormalization MelNormalization { get; set; } = MelNormalization.None;

    /// <summary>Number of mel bands n_mels (default 128).</summary>
    public int MelBins { get; set; } = 128;

    /// <summary>Lowest mel band edge f_min in Hz (default 0).</summary>
    public double MinFrequency { get; set; }

    /// <summary>Highest mel band edge f_max in Hz; null means <c>SampleRate / 2</c> with integer division (torchaudio's <c>sample_rate // 2</c>).</summary>
    public double? MaxFrequency { get; set; }

    /// <summary>Output rows for <see cref="FrequencyScale.LogFrequency"/> (default 256).</summary>
    public int LogFrequencyBins { get; set; } = 256;

    /// <summary>Compression of the final values (default none).</summary>
    public LogCompression Log { get; set; } = LogCompression.None;

    /// <summary>amin of the decibel conversion (default 1e-10).</summary>
    public double DecibelAmplitudeMin { get; set; } = 1e-10;

    /// <summary>Reference value mapped to 0 dB (default 1).</summary>
    public double DecibelReference { get; set; } = 1.0;

    /// <summary>
    /// With <see cref="LogCompression.Decibels"/>: 0 dB is each spectrogram's own maximum (librosa's <c>ref=np.max</c>)
    /// instead of <see cref="DecibelReference"/>, so every row is loudness-normalised: a recording made 15 dB quieter gives
    /// the same values (default false).
    /// </summary>
    public bool DecibelRelativeToMaximum { get; set; }

    /// <summary>top_db: floor at (maximum of the spectrogram) - top_db; null for no floor (default null).</summary>
    public double? DecibelTopDb { get; set; }

    /// <summary>eps of <see cref="LogCompression.NaturalLog"/>: values become ln(x + eps) (default 1e-7).</summary>
    public double NaturalLogOffset { get; set; } = 1e-7;

    /// <summary>The effective window length (<see cref="WindowLength"/> or <see cref="FftSize"/>).</summary>
    internal int ResolvedWindowLength => WindowLength ?? FftSize;

    /// <summary>The effective hop length (<see cref="HopLength"/> or window length / 2).</summary>
    internal int ResolvedHopLength => HopLength ?? (ResolvedWindowLength / 2);

    /// <summary>The effective f_max.</summary>
    internal double ResolvedMaxFrequency => MaxFrequency ?? (SampleRate / 2);

    /// <summary>Returns an independent copy.</summary>
    public SpectrogramOptions Clone() => (SpectrogramOptions)MemberwiseClone();

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the exception names it and its value.</exception>
    /// <exception cref="ArgumentException">Parameters are inconsistent with each other (e.g. f_min &gt;= f_max).</exception>
    public void Validate()
    {
        Positive(SampleRate, nameof(SampleRate));
        Positive(FftSize, nameof(FftSize));
        if (WindowLength is { } window && (window < 1 || window > FftSize))
        {
            throw new ArgumentOutOfRangeException(nameof(WindowLength), window, $"WindowLength must be between 1 and FftSize ({FftSize}).");
        }

        if (HopLength is { } hop)
        {
            Positive(hop, nameof(HopLength));
        }
        else if (ResolvedHopLength < 1)
        {
            throw new ArgumentException($"HopLength is null and defaults to WindowLength / 2 = {ResolvedHopLength}; set HopLength explicitly.", nameof(HopLength));
        }

        Defined(Window, nameof(Window));
        Defined(PadMode, nameof(PadMode));
        Defined(Spectrum, nameof(Spectrum));
        Defined(Scale, nameof(Scale));
        Defined(MelScale, nameof(MelScale));
        Defined(MelNormalization, nameof(MelNormalization));
        Defined(Log, nameof(Log));
        Positive(MelBins, nameof(MelBins));
        Positive(LogFrequencyBins, nameof(LogFrequencyBins));
        if (Scale == FrequencyScale.LogFrequency && FftSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, "The log-frequency warp needs at least 2 linear bins (FftSize >= 2).");
        }

        if (!double.IsFinite(MinFrequency) || MinFrequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "MinFrequency must be finite and >= 0.");
        }

        if (MaxFrequency is { } fMax && (!double.IsFinite(fMax) || fMax <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrequency), fMax, "MaxFrequency must be finite and > 0.");
        }

        if (MinFrequency >= ResolvedMaxFrequency)
        {
            throw new ArgumentException($"MinFrequency ({MinFrequency} Hz) must be below MaxFrequency ({ResolvedMaxFrequency} Hz{(MaxFrequency is null ? ", the default SampleRate / 2" : string.Empty)}).", nameof(MinFrequency));
        }

        if (!double.IsFinite(DecibelAmplitudeMin) || DecibelAmplitudeMin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DecibelAmplitudeMin), DecibelAmplitudeMin, "DecibelAmplitudeMin must be finite and > 0.");
        }

        if (!double.IsFinite(DecibelReference) || DecibelReference <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DecibelReference), DecibelReference, "DecibelReference must be finite and > 0.");
        }

        if (DecibelTopDb is { } top && (!double.IsFinite(top) || top < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(DecibelTopDb), top, "DecibelTopDb must be finite and >= 0.");
        }

        if (!double.IsFinite(NaturalLogOffset) || NaturalLogOffset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NaturalLogOffset), NaturalLogOffset, "NaturalLogOffset must be finite and >= 0.");
        }
    }

    /// <summary>
    /// <c>torchaudio.transforms.MelSpectrogram(sample_rate)</c> defaults: n_fft 400, hop 200 (win/2), periodic Hann,
    /// centred with reflect padding, power, 128 HTK mel bands, no filter normalisation, no log.
    /// </summary>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    public static SpectrogramOptions TorchAudio(int sampleRate = 16000) => new() { SampleRate = sampleRate };

    /// <summary>
    /// <c>librosa.feature.melspectrogram</c> defaults (librosa &gt;= 0.9): n_fft 2048, hop 512, periodic Hann,
    /// centred with constant (zero) padding, power, 128 Slaney-scale mel bands with Slaney area normalisation.
    /// </summary>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    public static SpectrogramOptions Librosa(int sampleRate = 22050) => new()
    {
        SampleRate = sampleRate,
        FftSize = 2048,
        HopLength = 512,
        PadMode = PaddingMode.Constant,
        MelScale = MelScale.Slaney,
        MelNormalization = MelNormalization.Slaney,
    };

    /// <summary>
    /// L3-Net (Look, Listen and Learn) audio input: n_fft 512, window 480, hop 240, no centring, magnitude,
    /// linear frequency (257 bins), <c>ln(x + 1e-7)</c>.
    /// </summary>
    /// <remarks>
    /// One second at 48 kHz gives 257 × 198 with torch's framing, <c>1 + (48000 - 512) / 240 = 198</c>; the
    /// L3 paper (and the reference README) states 199 frames, but the reference outputs, produced by
    /// torchaudio, have 198, and this preset matches them.
    /// </remarks>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    public static SpectrogramOptions L3(int sampleRate = 48000) => new()
    {
        SampleRate = sampleRate,
        FftSize = 512,
        WindowLength = 480,
        HopLength = 240,
        Center = false,
        Spectrum = SpectrumKind.Magnitude,
        Scale = FrequencyScale.Linear,
        Log = LogCompression.NaturalLog,
        NaturalLogOffset = 1e-7,
    };

    /// <summary>
    /// PixelPlayer (The Sound of Pixels): n_fft 1022, hop 256, periodic Hann, centred with constant padding,
    /// magnitude, 256-bin log-frequency warp (<see cref="LogFrequencyWarp"/>), no log. 65535 samples at
    /// 11025 Hz give 256 × 256.
    /// </summary>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    public static SpectrogramOptions PixelPlayer(int sampleRate = 11025) => new()
    {
        SampleRate = sampleRate,
        FftSize = 1022,
        HopLength = 256,
        PadMode = PaddingMode.Constant,
        Spectrum = SpectrumKind.Magnitude,
        Scale = FrequencyScale.LogFrequency,
        LogFrequencyBins = 256,
    };

    /// <summary>Creates a named preset: "torchaudio", "librosa", "l3" or "pixelplayer" (case-insensitive).</summary>
    /// <param name="name">Preset name.</param>
    /// <param name="sampleRate">Sample rate in Hz; null means the preset's default.</param>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static SpectrogramOptions FromPreset(string name, int? sampleRate = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "torchaudio" => sampleRate is { } a ? TorchAudio(a) : TorchAudio(),
            "librosa" => sampleRate is { } b ? Librosa(b) : Librosa(),
            "l3" => sampleRate is { } c ? L3(c) : L3(),
            "pixelplayer" => sampleRate is { } d ? PixelPlayer(d) : PixelPlayer(),
            _ => throw new ArgumentException($"Unknown spectrogram preset '{name}'. Valid names: {string.Join(", ", PresetNames)}.", nameof(name)),
        };
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 1.");
        }
    }

    private static void Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is not a defined {typeof(TEnum).Name} value.");
        }
    }
}
