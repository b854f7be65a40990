using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Turns a gain augmentation in dB into the change of a spectrogram's values, from the column's front-end.</summary>
internal static class GainAugmentation
{
    /// <summary>
    /// The largest change of the values for <paramref name="decibels"/> of gain; 0 (with a log line) when the column does not
    /// say its scale (no <c>LogMelSpectrogram</c> annotation) or its values do not shift with loudness.
    /// </summary>
    public static double MaxValueChange(double decibels, AudioFrontEnd? frontEnd, string column, ComponentLog log)
    {
        if (decibels == 0) return 0;
        if (frontEnd?.ValuesPerDecibel is double perDecibel) return decibels * perDecibel;
        log.Info(frontEnd is null
            ? $"Gain augmentation ({decibels} dB) is off: the spectrogram column '{column}' does not carry the front-end annotation of LogMelSpectrogram, so its scale is unknown."
            : $"Gain augmentation ({decibels} dB) is off: the spectrogram column '{column}' is {(frontEnd.Options.Log == LogCompression.None ? "not log-compressed" : "already loudness-normalised")}, so a gain is not a constant shift of its values.");
        return 0;
    }
}
