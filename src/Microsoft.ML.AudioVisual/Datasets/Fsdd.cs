using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// The Free Spoken Digit Dataset (FSDD): spoken digits 0-9 as mono 8 kHz WAV files named
/// <c>{digit}_{speaker}_{take}.wav</c>. Reads the files natively, without FFmpeg.
/// </summary>
public static partial class Fsdd
{
    /// <summary>The sample rate of the FSDD recordings in Hz.</summary>
    public const int NativeSampleRate = 8000;

    /// <summary>
    /// Lists the recordings in <paramref name="folder"/>, which is either the <c>recordings</c> folder
    /// or its parent (the dataset root). Files not named <c>{digit}_{speaker}_{take}.wav</c> are ignored.
    /// </summary>
    /// <returns>The recordings sorted by digit, then speaker (ordinal), then take: the same order on every machine.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no FSDD recordings.</exception>
    public static IReadOnlyList<FsddRecording> Scan(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"FSDD folder '{folder}' does not exist.");
        var recordingsFolder = System.IO.Path.Combine(folder, "recordings");
        if (!Directory.Exists(recordingsFolder)) recordingsFolder = folder;

        var recordings = new List<FsddRecording>();
        foreach (var path in Directory.EnumerateFiles(recordingsFolder))
        {
            var match = FileNamePattern().Match(System.IO.Path.GetFileName(path));
            if (!match.Success) continue;
            recordings.Add(new FsddRecording(
                System.IO.Path.GetFullPath(path),
                match.Groups[1].Value[0] - '0',
                match.Groups[2].Value,
                int.Parse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture)));
        }
        if (recordings.Count == 0)
            throw new InvalidDataException($"No FSDD recordings ({{digit}}_{{speaker}}_{{take}}.wav) in '{recordingsFolder}'. Pass the FSDD root or its 'recordings' folder.");
        recordings.Sort(static (a, b) =>
        {
            int c = a.Digit.CompareTo(b.Digit);
            if (c == 0) c = string.CompareOrdinal(a.Speaker, b.Speaker);
            if (c == 0) c = a.Take.CompareTo(b.Take);
            return c;
        });
        return recordings;
    }

    /// <summary>
    /// Loads a recording as a fixed-length mono waveform of <c>round(seconds * sampleRate)</c> samples
    /// in [-1, 1], resampled when <paramref name="sampleRate"/> differs from the file's rate.
    /// </summary>
    /// <remarks>
    /// FSDD clips last 0.14-1.31 s, so a fixed length needs padding or cropping. Both are centred:
    /// shorter clips get equal runs of zeros on each side (the extra sample, if any, goes after),
    /// longer clips lose equal amounts at each end. FSDD recordings are trimmed close to the spoken
    /// word, so centring puts the middle of every word at the middle of the window whatever its
    /// duration, and a clip longer than the window loses its edges (mostly silence and the tails of
    /// the word) rather than its end.
    /// </remarks>
    public static float[] LoadWaveform(FsddRecording recording, int sampleRate = NativeSampleRate, double seconds = 1.0)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!(seconds > 0) || double.IsInfinity(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The duration must be a positive number of seconds.");
        int length = checked((int)Math.Round(seconds * sampleRate, MidpointRounding.AwayFromZero));
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"{seconds} s at {sampleRate} Hz is less than one sample.");

        return FitCentred(LoadSamples(recording, sampleRate), length);
    }

    /// <summary>The whole recording, mono at <paramref name="sampleRate"/> (resampled like torchaudio when needed).</summary>
    public static float[] LoadSamples(FsddRecording recording, int sampleRate = NativeSampleRate)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var clip = WavFile.Read(recording.Path);
        return clip.SampleRate == sampleRate ? clip.Samples : new AudioResampler(clip.SampleRate, sampleRate).Resample(clip.Samples);
    }

    /// <summary>Zero-pads (centred) or crops (centred) <paramref name="samples"/> to <paramref name="length"/>.</summary>
    internal static float[] FitCentred(ReadOnlySpan<float> samples, int length)
    {
        var output = new float[length];
        if (samples.Length <= length) samples.CopyTo(output.AsSpan((length - samples.Length) / 2));
        else samples.Slice((samples.Length - length) / 2, length).CopyTo(output);
        return output;
    }

    [GeneratedRegex(@"^([0-9])_([^_]+)_([0-9]+)\.wav$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
