using System.Text.Json;

namespace Microsoft.ML.AudioVisual.Tests.Spectral;

/// <summary>One parity case of <c>../shared/reference/manifest.json</c>.</summary>
internal sealed record ReferenceCase(string Id, string Kind, string Name, string Input, int SampleRate, JsonElement Parameters, string Output, int[] OutputShape)
{
    public string Preset => Parameters.TryGetProperty("preset", out JsonElement p) ? p.GetString() ?? string.Empty : string.Empty;

    public int Int(string name) => Parameters.GetProperty(name).GetInt32();

    public string? String(string name) => Parameters.TryGetProperty(name, out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}

/// <summary>Reads the reference manifest. Case ids are <c>kind/name/preset</c>.</summary>
internal static class ReferenceCases
{
    /// <summary>
    /// Kinds derived from the manifest's files: the complex STFT (stored for the istft case) checked against
    /// <see cref="Microsoft.ML.AudioVisual.Spectral.ShortTimeFourierTransform.Forward"/>, and the whole
    /// PixelPlayer preset (waveform to warped spectrogram) checked against the log-frequency reference.
    /// </summary>
    public const string StftComplexKind = "stft_complex";
    public const string PixelPlayerPipelineKind = "pixelplayer_pipeline";

    private static readonly Lazy<IReadOnlyList<ReferenceCase>> All = new(Load);

    public static IReadOnlyList<ReferenceCase> Cases => All.Value;

    public static ReferenceCase Get(string id) => Cases.Single(c => c.Id == id);

    public static string PathOf(string relative) => Path.Combine(SharedData.ReferenceDirectory!, relative);

    private static IReadOnlyList<ReferenceCase> Load()
    {
        string? directory = SharedData.ReferenceDirectory;
        if (directory is null || !File.Exists(Path.Combine(directory, "manifest.json")))
        {
            return [];
        }

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")));
        var cases = new List<ReferenceCase>();
        foreach (JsonElement c in manifest.RootElement.GetProperty("cases").EnumerateArray())
        {
            string kind = c.GetProperty("kind").GetString()!;
            string name = c.GetProperty("name").GetString()!;
            JsonElement parameters = c.GetProperty("params").Clone();
            string preset = parameters.TryGetProperty("preset", out JsonElement p) ? p.GetString()! : "none";
            var item = new ReferenceCase(
                $"{kind}/{name}/{preset}",
                kind,
                name,
                c.GetProperty("input").GetString()!,
                c.GetProperty("sample_rate").GetInt32(),
                parameters,
                c.GetProperty("output").GetString()!,
                c.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            cases.Add(item);
        }

        // Derived cases (see the constants above).
        foreach (ReferenceCase magnitude in cases.Where(c => c.Kind == "stft_magnitude").ToList())
        {
            string complex = magnitude.Output.Replace("stft_magnitude/", "stft_complex/", StringComparison.Ordinal);
            if (File.Exists(Path.Combine(directory, complex)))
            {
                cases.Add(magnitude with
                {
                    Id = $"{StftComplexKind}/{magnitude.Name}/{magnitude.Preset}",
                    Kind = StftComplexKind,
                    Output = complex,
                    OutputShape = [.. magnitude.OutputShape, 2],
                });
            }

            ReferenceCase? warp = cases.FirstOrDefault(c => c.Kind == "logfreq_warp" && c.Name == magnitude.Name);
            if (warp is not null)
            {
                cases.Add(warp with
                {
                    Id = $"{PixelPlayerPipelineKind}/{warp.Name}/{warp.Preset}",
                    Kind = PixelPlayerPipelineKind,
                    Input = magnitude.Input,
                });
            }
        }

        return cases;
    }
}
