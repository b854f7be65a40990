using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// How <see cref="VideoFolderExamples.Load"/> samples a folder of videos: a moment every <see cref="Step"/> seconds,
/// the frame at that moment as a square <see cref="FrameSize"/> image (centre crop), and <see cref="ClipSeconds"/>
/// of audio centred on it as a spectrogram made by <see cref="FrontEnd"/>.
/// </summary>
public sealed class VideoFolderOptions
{
    /// <summary>Default values.</summary>
    public static class Defaults
    {
        /// <summary>Default frame side in pixels: small enough for CPU training, large enough for faces and objects.</summary>
        public const int FrameSize = 64;

        /// <summary>Default seconds between moments.</summary>
        public const double Step = 1.0;

        /// <summary>Default seconds of audio per moment.</summary>
        public const double ClipSeconds = 1.0;

        /// <summary>Default audio rate (speech and most sound events are below 8 kHz).</summary>
        public const int SampleRate = 16000;

        /// <summary>Default mel bands.</summary>
        public const int MelBins = 64;
    }

    /// <summary>Side of the square frames in pixels.</summary>
    public int FrameSize { get; set; } = Defaults.FrameSize;

    /// <summary>Seconds between the moments taken from a video.</summary>
    public double Step { get; set; } = Defaults.Step;

    /// <summary>Seconds of audio per moment (centred on the frame); with <see cref="FrontEnd"/> it fixes the spectrogram's length.</summary>
    public double ClipSeconds { get; set; } = Defaults.ClipSeconds;

    /// <summary>At most this many moments per video (from its start).</summary>
    public int MaxMomentsPerVideo { get; set; } = int.MaxValue;

    /// <summary>The audio front-end (its sample rate is the rate the audio is decoded at); see <see cref="DefaultFrontEnd"/>.</summary>
    public SpectrogramOptions FrontEnd { get; set; } = DefaultFrontEnd();

    /// <summary>
    /// The default front-end for video sound: 16 kHz mono, 64-band HTK mel (torchaudio conventions) of the power
    /// spectrum with a 25 ms window (n_fft 400) every 10 ms (hop 160), in dB with an 80 dB floor below the peak:
    /// one second gives <c>[64, 101]</c>. The usual log-mel of audio-visual and audio-tagging work, at a rate that
    /// keeps speech and most sound events.
    /// </summary>
    public static SpectrogramOptions DefaultFrontEnd()
    {
        var options = SpectrogramOptions.TorchAudio(Defaults.SampleRate);
        options.FftSize = 400;
        options.HopLength = 160;
        options.MelBins = Defaults.MelBins;
        options.Log = LogCompression.Decibels;
        options.DecibelTopDb = 80;
        return options;
    }

    /// <summary>The options with the front-end and clip length a trained model recorded (its frames keep <see cref="FrameSize"/>).</summary>
    /// <exception cref="InvalidOperationException">The model does not record its front-end or its clip length.</exception>
    public VideoFolderOptions WithFrontEnd(AudioFrontEnd? frontEnd, string modelName)
    {
        if (frontEnd?.ClipSeconds is not double seconds)
            throw new InvalidOperationException(
                $"Model '{modelName}' does not record its audio front-end and clip length, so video sound cannot be turned into its input: " +
                "train it on a spectrogram column made by LogMelSpectrogram (or on a data-set view that carries the front-end).");
        var copy = (VideoFolderOptions)MemberwiseClone();
        copy.FrontEnd = frontEnd.Options.Clone();
        copy.ClipSeconds = seconds;
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (FrameSize < 8) throw new ArgumentOutOfRangeException(nameof(FrameSize), $"FrameSize must be at least 8 pixels, got {FrameSize}.");
        if (!(Step > 0) || double.IsInfinity(Step)) throw new ArgumentOutOfRangeException(nameof(Step), $"Step must be a positive number of seconds, got {Step}.");
        if (!(ClipSeconds > 0) || double.IsInfinity(ClipSeconds))
            throw new ArgumentOutOfRangeException(nameof(ClipSeconds), $"ClipSeconds must be a positive number of seconds, got {ClipSeconds}.");
        if (MaxMomentsPerVideo < 1) throw new ArgumentOutOfRangeException(nameof(MaxMomentsPerVideo), $"MaxMomentsPerVideo must be positive, got {MaxMomentsPerVideo}.");
        ArgumentNullException.ThrowIfNull(FrontEnd, nameof(FrontEnd));
        FrontEnd.Validate();
    }
}
