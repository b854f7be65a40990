using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>Turns media files into the inputs a trained model takes: spectrograms made with the model's recorded front-end, and images of its size.</summary>
public static class ModelInputFiles
{
    /// <summary>
    /// The spectrogram of a sound file: decoded mono at the front-end's rate and centred in the model's clip length.
    /// Silent tracks and clips shorter than one analysis window are rejected, as the API's loader rejects them.
    /// </summary>
    /// <param name="path">Any audio FFmpeg reads (or the audio track of a video).</param>
    /// <param name="frontEnd">The front-end the model recorded.</param>
    /// <param name="modelName">The model file, for the error when it records no front-end.</param>
    /// <exception cref="InvalidOperationException">The model records no front-end or clip length.</exception>
    /// <exception cref="MediaLoadException">The file cannot be decoded, is silent or too short (the exception names it).</exception>
    public static float[] Spectrogram(string path, AudioFrontEnd? frontEnd, string modelName)
    {
        if (frontEnd?.ClipSeconds is not double seconds)
            throw new InvalidOperationException(
                $"Model '{modelName}' does not record its audio front-end, so raw audio cannot be turned into its input: train it with a " +
                "LogMelSpectrogram stage in the pipeline, or set AudioFrontEnd and AudioClipSeconds in its options.");
        var options = frontEnd.Options;
        var clip = MediaDecoder.DecodeAudio(path, options.SampleRate, allowSilence: false);
        if (clip.Samples.Length < options.FftSize)
            throw new MediaLoadException(path, MediaProblem.TooShort,
                $"the audio holds {clip.Samples.Length} samples at {options.SampleRate} Hz, fewer than one analysis window ({options.FftSize}).");
        var samples = Fsdd.FitCentred(clip.Samples, (int)Math.Round(seconds * options.SampleRate));
        return new SpectrogramComputer(options).Compute(samples);
    }

    /// <summary>An image file (or a video's first frame) stretched to the size, as planar floats <c>[C, H, W]</c> in [0, 1]; one channel is the mean of R, G and B.</summary>
    /// <exception cref="NotSupportedException">The model takes other than 1 or 3 channels.</exception>
    public static float[] Image(string path, int channels, int height, int width)
    {
        if (channels is not (1 or 3)) throw new NotSupportedException($"The model takes {channels}-channel images; only 1 and 3 are supported from files.");
        var rgb = MediaDecoder.DecodeFrames(path, [0.0], new FrameFormat(width, height, ResizeMode.Stretch)).Pixels;
        return channels == 3 ? rgb : PlanarImage.ToGrey(rgb, height * width);
    }

    /// <summary>Expands folders into their files of <paramref name="modality"/> (by extension, sorted); files are kept in the order given.</summary>
    /// <exception cref="FileNotFoundException">An input is neither a file nor a folder.</exception>
    /// <exception cref="ArgumentException">No file of the modality is among the inputs.</exception>
    public static List<string> Expand(IEnumerable<string> inputs, MediaModality modality)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input).Where(f => MediaFileKinds.Of(f) == modality).Order(StringComparer.Ordinal));
            else if (File.Exists(input)) files.Add(input);
            else throw new FileNotFoundException($"Input '{input}' does not exist.", input);
        }
        if (files.Count == 0) throw new ArgumentException($"No {modality.ToString().ToLowerInvariant()} files among the inputs.", nameof(inputs));
        return files;
    }
}
