using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>Reads the audio front-end a correspondence model was saved with, from current and version-1 archives.</summary>
internal static class SavedFrontEnd
{
    public static AudioFrontEnd? Read(ModelArchiveReader reader)
    {
        if (reader.Has("audioFrontEnd")) return reader.GetObject<AudioFrontEnd?>("audioFrontEnd");
        // Version 1 kept the front-end among the training options.
        var options = reader.Manifest["options"];
        if (options?["audioFrontEnd"] is { } legacy && legacy.GetValueKind() == System.Text.Json.JsonValueKind.Object)
        {
            var settings = System.Text.Json.JsonSerializer.Deserialize<SpectrogramOptions>(legacy.ToJsonString(), ModelArchive.Json)!;
            double? seconds = options["audioClipSeconds"] is { } s && s.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (double)s : null;
            return new AudioFrontEnd(settings, seconds);
        }
        return null;
    }
}
