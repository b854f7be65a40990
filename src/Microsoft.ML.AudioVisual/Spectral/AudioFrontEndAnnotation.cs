using System.Text.Json;
using Microsoft.ML.AudioVisual.Persistence;

namespace Microsoft.ML.AudioVisual.Spectral;

/// <summary>
/// How a spectrogram column was made, carried on the column as an annotation so that a model trained on it
/// can record its audio front-end (and tools such as <c>avl embed</c> can turn raw audio into its input).
/// </summary>
/// <param name="Options">The front-end settings.</param>
/// <param name="ClipSeconds">Seconds of audio per spectrogram, when the waveform column has a fixed length.</param>
public sealed record AudioFrontEnd(SpectrogramOptions Options, double? ClipSeconds)
{
    /// <summary>
    /// How much a change of loudness by 1 dB adds to every value of this front-end's spectrograms: 1 for decibels, ln(10)/10
    /// (power) or ln(10)/20 (magnitude) for natural logs; null when loudness is not additive (no log) or already normalised
    /// away (<see cref="SpectrogramOptions.DecibelRelativeToMaximum"/>). Gain augmentation uses it to work in dB on any log scale.
    /// </summary>
    internal double? ValuesPerDecibel => Options.Log switch
    {
        LogCompression.Decibels when !Options.DecibelRelativeToMaximum => 1.0,
        LogCompression.NaturalLog => Math.Log(10) / (Options.Spectrum == SpectrumKind.Power ? 10 : 20),
        _ => null,
    };
}

/// <summary>Writes and reads the <see cref="AudioFrontEnd"/> annotation of spectrogram columns.</summary>
public static class AudioFrontEndAnnotation
{
    /// <summary>The annotation name (text: the front-end as JSON).</summary>
    public const string Name = "AudioFrontEnd";

    /// <summary>Annotations holding <paramref name="frontEnd"/>.</summary>
    public static DataViewSchema.Annotations Create(AudioFrontEnd frontEnd)
    {
        var json = Json(frontEnd).AsMemory();
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(Name, TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = json);
        return builder.ToAnnotations();
    }

    /// <summary>The annotation's text for <paramref name="frontEnd"/>.</summary>
    public static string Json(AudioFrontEnd frontEnd) => JsonSerializer.Serialize(frontEnd, ModelArchive.Json);

    /// <summary>The front-end recorded on <paramref name="column"/>, or null when it carries none.</summary>
    public static AudioFrontEnd? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(Name) is not { } annotation || annotation.Type is not TextDataViewType) return null;
        ReadOnlyMemory<char> json = default;
        column.Annotations.GetValue(Name, ref json);
        try
        {
            return JsonSerializer.Deserialize<AudioFrontEnd>(json.Span, ModelArchive.Json);
        }
        catch (JsonException)
        {
            return null; // written by something else under the same name: not ours to interpret
        }
    }
}
