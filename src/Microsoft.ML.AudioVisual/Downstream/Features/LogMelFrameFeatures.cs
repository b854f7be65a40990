using System.Globalization;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// The classic baseline features: every frame of a 64-band log-mel spectrogram is one window, so mean+std pooling
/// (<see cref="DefaultPooling"/>) gives the mean and standard deviation of each band over time (128 values).
/// </summary>
/// <remarks>
/// Front-end (<see cref="DefaultFrontEnd"/>): audio resampled to 22,050 Hz mono (the rate of Piczak's ESC-50
/// baseline and librosa's default), STFT n_fft 1024 (46 ms) with a periodic Hann window and hop 512 (23 ms),
/// centred frames with zero padding, power spectrum, 64 Slaney-scale mel bands (0-11,025 Hz) with Slaney area
/// normalisation (librosa's <c>melspectrogram</c> settings), then decibels <c>10·log10(max(x, 1e-10))</c> floored at
/// 80 dB below the clip's maximum (librosa's <c>power_to_db(top_db=80)</c>). The whole file is used: padding silence
/// in ESC-50 clips counts as frames, as in the published baselines.
/// </remarks>
public sealed class LogMelFrameFeatures : IClipFeatureExtractor
{
    private readonly SpectrogramComputer _computer;

    /// <summary>Creates the extractor with <paramref name="frontEnd"/> (null for <see cref="DefaultFrontEnd"/>).</summary>
    /// <exception cref="ArgumentException">The front-end is invalid.</exception>
    public LogMelFrameFeatures(SpectrogramOptions? frontEnd = null)
    {
        _computer = new SpectrogramComputer(frontEnd ?? DefaultFrontEnd());
    }

    /// <summary>The front-end described in the class remarks: 22,050 Hz, n_fft 1024, hop 512, 64 Slaney mel bands, dB with top_db 80.</summary>
    public static SpectrogramOptions DefaultFrontEnd()
    {
        var options = SpectrogramOptions.Librosa(22050);
        options.FftSize = 1024;
        options.HopLength = 512;
        options.MelBins = 64;
        options.Log = LogCompression.Decibels;
        options.DecibelTopDb = 80;
        return options;
    }

    /// <summary>A copy of the front-end in use.</summary>
    public SpectrogramOptions FrontEnd => _computer.Options;

    /// <inheritdoc/>
    public string Name => "logmel";

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            var o = _computer.Options;
            return string.Create(CultureInfo.InvariantCulture,
                $"log-mel frames: {o.SampleRate} Hz, n_fft {o.FftSize}, hop {o.HopLength}, {o.MelBins} {o.MelScale} mel bands, {o.Log}{(o.DecibelTopDb is { } top ? $" (top_db {top})" : "")}");
        }
    }

    /// <inheritdoc/>
    public int Dimension => _computer.FrequencyBins;

    /// <summary>Mean+std: the mean and standard deviation of each band over time.</summary>
    public TimePooling DefaultPooling => TimePooling.MeanStd;

    /// <inheritdoc/>
    public bool Supports(MediaModality modality) => modality is MediaModality.Audio or MediaModality.Video;

    /// <inheritdoc/>
    public float[][] ExtractWindows(string path, CancellationToken cancellationToken = default)
    {
        var clip = MediaDecoder.DecodeAudio(path, _computer.Options.SampleRate, cancellationToken: cancellationToken);
        var spectrogram = _computer.Compute(clip.Samples);
        int bins = _computer.FrequencyBins, frames = spectrogram.Length / bins;
        var windows = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            var frame = new float[bins];
            for (int b = 0; b < bins; b++) frame[b] = spectrogram[(b * frames) + t];
            windows[t] = frame;
        }
        return windows;
    }
}
