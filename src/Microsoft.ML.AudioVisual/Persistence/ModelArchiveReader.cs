using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>Reads a model zip, with errors that name the file and the cause.</summary>
internal sealed class ModelArchiveReader : IDisposable
{
    private readonly ZipArchive _zip;

    private ModelArchiveReader(string path, ZipArchive zip, JsonObject manifest)
    {
        Path = path;
        _zip = zip;
        Manifest = manifest;
    }

    /// <summary>The file (or "file!entry" for an archive nested in a pipeline) named in errors.</summary>
    public string Path { get; }

    public JsonObject Manifest { get; }

    /// <summary>The model kind the manifest declares.</summary>
    public string Kind => GetString("kind");

    public static ModelArchiveReader Open(string path)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"Model file '{path}' is a folder, not a model file.", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        return Open(File.OpenRead(path), path);
    }

    /// <summary>Reads an archive from a stream (which the reader then owns); <paramref name="name"/> is used in errors.</summary>
    public static ModelArchiveReader Open(Stream stream, string name)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidDataException($"'{name}' is not a Microsoft.ML.AudioVisual model (not a complete zip file; truncated?): {e.Message}", e);
        }
        try
        {
            var entry = zip.GetEntry(ModelArchive.ManifestEntry)
                ?? throw new InvalidDataException($"'{name}' is not a Microsoft.ML.AudioVisual model: it has no {ModelArchive.ManifestEntry}.");
            JsonObject manifest;
            using (var s = entry.Open())
                manifest = JsonNode.Parse(s) as JsonObject ?? throw new InvalidDataException($"'{name}': {ModelArchive.ManifestEntry} is not a JSON object.");
            if ((string?)manifest["format"] != ModelArchive.FormatName)
                throw new InvalidDataException($"'{name}' is not a Microsoft.ML.AudioVisual model (format '{manifest["format"]}').");
            int version = (int?)manifest["formatVersion"] ?? 0;
            if (version < 1 || version > ModelArchive.FormatVersion)
                throw new InvalidDataException($"'{name}' has model format version {version}; this library reads versions 1 to {ModelArchive.FormatVersion}.");
            return new ModelArchiveReader(name, zip, manifest);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            zip.Dispose();
            if (e is InvalidDataException && e.Message.Contains(name, StringComparison.Ordinal)) throw;
            throw new InvalidDataException($"'{name}' is not a readable Microsoft.ML.AudioVisual model: {e.Message}", e);
        }
    }

    public bool Has(string key) => Manifest[key] is not null;

    public string GetString(string key) =>
        (string?)Manifest[key] ?? throw new InvalidDataException($"'{Path}': the manifest has no '{key}'.");

    public string? GetStringOrNull(string key) => (string?)Manifest[key];

    public T GetObject<T>(string key)
    {
        try
        {
            return Manifest[key].Deserialize<T>(ModelArchive.Json) ?? throw new InvalidDataException($"'{Path}': the manifest has no '{key}'.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{Path}': the manifest's '{key}' cannot be read ({e.Message}).", e);
        }
    }

    public bool HasEntry(string name) => _zip.GetEntry(name) is not null;

    public byte[] ReadEntry(string name)
    {
        var entry = _zip.GetEntry(name) ?? throw new InvalidDataException($"'{Path}' lacks the entry '{name}'.");
        try
        {
            using var s = entry.Open();
            using var memory = new MemoryStream();
            s.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{Path}': the entry '{name}' is damaged: {e.Message}", e);
        }
    }

    public void Dispose() => _zip.Dispose();
}
