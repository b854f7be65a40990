using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Spectral;
using SkiaSharp;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>Pictures for reports: a sound as a log-mel spectrogram (with a 16-bit PCM WAV every browser plays), a spectrogram array, a planar image.</summary>
internal static class SpectrogramPicture
{
    private const int MelBins = 64;
    private const int PixelsPerBin = 2;

    /// <summary>The spectrogram PNG and the playable WAV bytes of <paramref name="clip"/>.</summary>
    public static (byte[] Png, byte[] Wav) Render(AudioClip clip)
    {
        var options = SpectrogramOptions.TorchAudio(clip.SampleRate);
        options.FftSize = clip.SampleRate >= 16000 ? 512 : 256;
        options.HopLength = Math.Max(1, clip.SampleRate / 100);
        options.MelBins = MelBins;
        options.Log = LogCompression.Decibels;
        options.DecibelTopDb = 80;
        var computer = new SpectrogramComputer(options);
        var samples = clip.Samples.Length >= options.FftSize ? clip.Samples : [.. clip.Samples, .. new float[options.FftSize - clip.Samples.Length]];
        var values = computer.Compute(samples);
        int bins = computer.FrequencyBins;

        var png = Png(values, bins, values.Length / bins);
        using var wav = new MemoryStream();
        WavFile.WriteTo(wav, clip.Samples, clip.SampleRate, pcm16: true);
        return (png, wav.ToArray());
    }

    /// <summary>
    /// A spectrogram <c>[bins, frames]</c> (frequency-major) as a PNG, low frequencies at the bottom, coloured from
    /// <paramref name="low"/> to <paramref name="high"/> (values outside are clamped), by default its minimum and maximum.
    /// </summary>
    public static byte[] Png(ReadOnlySpan<float> values, int bins, int frames, int pixelsPerBin = PixelsPerBin, float? low = null, float? high = null)
    {
        if (values.Length != bins * frames) throw new ArgumentException($"The spectrogram has {values.Length} values, not {bins}x{frames}.", nameof(values));
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        float from = low ?? min, to = high ?? max;
        float range = to > from ? to - from : 1f;
        using var bitmap = new SKBitmap(frames, bins * pixelsPerBin);
        for (int b = 0; b < bins; b++)
        {
            for (int t = 0; t < frames; t++)
            {
                var (r, g, bl) = HeatmapRenderer.Colour((values[b * frames + t] - from) / range);
                var color = new SKColor(ToByte(r), ToByte(g), ToByte(bl));
                for (int p = 0; p < pixelsPerBin; p++) bitmap.SetPixel(t, (bins - 1 - b) * pixelsPerBin + p, color);
            }
        }
        return Encode(bitmap);
    }

    /// <summary>A planar image <c>[C, H, W]</c> in [0, 1] (C = 1 or 3) as a PNG, each pixel drawn <paramref name="scale"/> times wider and taller.</summary>
    public static byte[] ImagePng(ReadOnlySpan<float> image, int channels, int height, int width, int scale = 1)
    {
        if (channels is not (1 or 3) || image.Length != channels * height * width)
            throw new ArgumentException($"The image has {image.Length} values, not 1 or 3 channels of {height}x{width}.", nameof(image));
        int plane = height * width;
        using var bitmap = new SKBitmap(width * scale, height * scale);
        for (int y = 0; y < height * scale; y++)
        {
            for (int x = 0; x < width * scale; x++)
            {
                int p = y / scale * width + x / scale;
                byte r = ToByte(image[p]);
                bitmap.SetPixel(x, y, channels == 1 ? new SKColor(r, r, r) : new SKColor(r, ToByte(image[plane + p]), ToByte(image[2 * plane + p])));
            }
        }
        return Encode(bitmap);
    }

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(Math.Clamp(value, 0f, 1f) * 255f), 0, 255);
}
