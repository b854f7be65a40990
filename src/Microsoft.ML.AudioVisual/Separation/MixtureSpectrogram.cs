using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The official Sound of Pixels input of a mixture: its STFT (kept for reconstruction with the mixture's phase),
/// the magnitude, and the network input <c>ln(warp(|STFT| + 1e-10))</c> on the log-frequency axis.
/// </summary>
/// <remarks>
/// As the official code: librosa's STFT (periodic Hann, centred, reflect padding; computed here with PyTorch's
/// rounding, <see cref="ShortTimeFourierTransform"/>), <c>mag_mix + 1e-10</c>, <c>grid_sample</c> with the official
/// warp grid (<see cref="LogFrequencyMask"/>), natural log. Arrays are row-major, frequency first.
/// </remarks>
public sealed class MixtureSpectrogram
{
    private MixtureSpectrogram(SeparationFrontEnd frontEnd, int frames, float[] stft, float[] magnitude, float[] logWarped)
    {
        FrontEnd = frontEnd;
        Frames = frames;
        Stft = stft;
        Magnitude = magnitude;
        LogWarpedMagnitude = logWarped;
    }

    /// <summary>The front-end that produced this spectrogram.</summary>
    public SeparationFrontEnd FrontEnd { get; }

    /// <summary>STFT frames (columns).</summary>
    public int Frames { get; }

    /// <summary>The complex STFT, <c>[LinearBins, Frames, 2]</c> (real, imaginary), for inverting masked magnitudes with the mixture's phase.</summary>
    public float[] Stft { get; }

    /// <summary>The linear magnitude <c>|STFT|</c>, <c>[LinearBins, Frames]</c> (without the offset): masks un-warped to linear bins multiply it.</summary>
    public float[] Magnitude { get; }

    /// <summary>The network input <c>ln(warp(|STFT| + offset))</c>, <c>[LogFrequencyBins, Frames]</c>.</summary>
    public float[] LogWarpedMagnitude { get; }

    /// <summary>Computes the spectrograms of <paramref name="waveform"/> (mono samples at the front-end's rate).</summary>
    /// <exception cref="ArgumentException">The waveform is not longer than FftSize / 2 (reflect padding needs that).</exception>
    public static MixtureSpectrogram Compute(ReadOnlySpan<float> waveform, SeparationFrontEnd frontEnd)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        frontEnd.Validate();
        var options = frontEnd.StftOptions();
        float[] stft = ShortTimeFourierTransform.Forward(waveform, options.FftSize, frontEnd.HopLength, window: options.Window, center: true, padMode: options.PadMode);
        int bins = frontEnd.LinearBins;
        int frames = stft.Length / (2 * bins);
        var magnitude = new float[bins * frames];
        var offset = new float[magnitude.Length];
        for (int i = 0; i < magnitude.Length; i++)
        {
            float re = stft[2 * i], im = stft[(2 * i) + 1];
            magnitude[i] = (float)Math.Sqrt(((double)re * re) + ((double)im * im));
            offset[i] = magnitude[i] + frontEnd.MagnitudeOffset;
        }

        float[] logWarped = LogFrequencyMask.Warp(offset, frames, frontEnd);
        for (int i = 0; i < logWarped.Length; i++) logWarped[i] = MathF.Log(logWarped[i]);
        return new MixtureSpectrogram(frontEnd, frames, stft, magnitude, logWarped);
    }
}
