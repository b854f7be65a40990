using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Turns media files into the inputs a trained model expects, using the front-end saved with the model.</summary>
internal static class ModelInputs
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];
    private static readonly string[] AudioExtensions = [".wav", ".ogg", ".mp3", ".flac", ".m4a", ".aac", ".opus"];

    /// <summary>
    /// The spectrogram of a sound file: decoded mono at the front-end's rate, centred in the model's clip length.
    /// Silent tracks and clips shorter than one analysis window are rejected, as the API's loader rejects them.
    /// </summary>
    public static float[] Spectrogram(string path, string modelPath, SpectrogramOptions? frontEnd, double? clipSeconds)
    {
        if (frontEnd is null || clipSeconds is null)
            throw new InvalidOperationException(
                $"Model '{modelPath}' does not record its audio front-end, so raw audio cannot be turned into its input: train it with a " +
                "LogMelSpectrogram stage in the pipeline, or set AudioFrontEnd and AudioClipSeconds in its options.");
        var clip = MediaDecoder.DecodeAudio(path, frontEnd.SampleRate, allowSilence: false);
        if (clip.Samples.Length < frontEnd.FftSize)
            throw new MediaLoadException(path, MediaProblem.TooShort,
                $"the audio holds {clip.Samples.Length} samples at {frontEnd.SampleRate} Hz, fewer than one analysis window ({frontEnd.FftSize}).");
        var samples = Fsdd.FitCentred(clip.Samples, (int)Math.Round(clipSeconds.Value * frontEnd.SampleRate));
        return new SpectrogramComputer(frontEnd).Compute(samples);
    }

    /// <summary>An image file as planar floats <c>[C, H, W]</c> in [0, 1]; one channel means the mean of R, G and B.</summary>
    public static float[] Image(string path, int channels, int height, int width)
    {
        var rgb = MediaDecoder.DecodeFrames(path, [0.0], new FrameFormat(width, height, ResizeMode.Stretch)).Pixels;
        if (channels == 3) return rgb;
        if (channels != 1) throw new InvalidOperationException($"The model takes {channels}-channel images; only 1 and 3 are supported from files.");
        int plane = height * width;
        var grey = new float[plane];
        for (int i = 0; i < plane; i++) grey[i] = (rgb[i] + rgb[plane + i] + rgb[2 * plane + i]) / 3f;
        return grey;
    }

    /// <summary>Expands folders into their audio or image files (sorted); files are kept in the order given.</summary>
    public static List<string> ExpandFiles(IEnumerable<string> inputs, bool audio)
    {
        var extensions = audio ? AudioExtensions : ImageExtensions;
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input).Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal));
            else if (File.Exists(input)) files.Add(input);
            else throw new FileNotFoundException($"Input '{input}' does not exist.", input);
        }
        if (files.Count == 0) throw new CliUsageException($"No {(audio ? "audio" : "image")} files among the inputs.");
        return files;
    }
}
