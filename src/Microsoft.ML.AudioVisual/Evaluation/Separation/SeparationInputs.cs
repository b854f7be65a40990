using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>Reference and estimated sources read from audio files, ready for <see cref="BssEval.EvaluateSources"/>.</summary>
/// <param name="ReferenceSources">One mono signal per reference file, <c>[source][sample]</c>.</param>
/// <param name="EstimatedSources">One mono signal per estimate file.</param>
/// <param name="SampleRate">The sample rate shared by all files.</param>
public sealed record SeparationInputs(double[][] ReferenceSources, double[][] EstimatedSources, int SampleRate)
{
    /// <summary>
    /// Reads every file at its own sample rate (WAV natively, other formats through FFmpeg; channels averaged to mono)
    /// and checks that they can be compared: as many estimates as references, one sample rate, one length, no
    /// silent file. Nothing is resampled or trimmed: a mismatch is reported, naming the files.
    /// </summary>
    /// <exception cref="ArgumentException">No files, or the counts differ.</exception>
    /// <exception cref="MediaLoadException">A file is missing, undecodable, without audio, empty or digital silence.</exception>
    /// <exception cref="InvalidDataException">Two files differ in sample rate or length.</exception>
    public static SeparationInputs Read(IReadOnlyList<string> referencePaths, IReadOnlyList<string> estimatePaths)
    {
        ArgumentNullException.ThrowIfNull(referencePaths);
        ArgumentNullException.ThrowIfNull(estimatePaths);
        if (referencePaths.Count == 0) throw new ArgumentException("No reference files were given.");
        if (referencePaths.Count != estimatePaths.Count)
            throw new ArgumentException($"There are {referencePaths.Count} reference files but {estimatePaths.Count} estimate files; give one estimate per reference.");

        string[] paths = [.. referencePaths, .. estimatePaths];
        var signals = new double[paths.Length][];
        int sampleRate = 0;
        for (int i = 0; i < paths.Length; i++)
        {
            MediaInfo info = MediaDecoder.Probe(paths[i]);
            int rate = info.Audio?.SampleRate ?? throw new MediaLoadException(paths[i], MediaProblem.NoAudioStream, "the file has no audio stream.");
            if (i == 0) sampleRate = rate;
            else if (rate != sampleRate)
                throw new InvalidDataException($"'{paths[i]}' is sampled at {rate} Hz but '{paths[0]}' at {sampleRate} Hz; all files must share one sample rate.");
            float[] samples = MediaDecoder.DecodeAudio(paths[i], rate, allowSilence: false, info: info).Samples;
            if (i > 0 && samples.Length != signals[0].Length)
                throw new InvalidDataException($"'{paths[i]}' holds {samples.Length} samples but '{paths[0]}' holds {signals[0].Length}; all files must have the same length.");
            signals[i] = Array.ConvertAll(samples, s => (double)s);
        }

        return new SeparationInputs(signals[..referencePaths.Count], signals[referencePaths.Count..], sampleRate);
    }
}
