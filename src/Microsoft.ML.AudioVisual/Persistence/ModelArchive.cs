using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>
/// The library's model file: a zip holding <c>manifest.json</c> (format marker and version, model
/// kind, the CLR type that loads it, options, column names and shapes) and binary entries such as
/// network weights. Saved atomically; loading a truncated or foreign file is a clear error.
/// </summary>
internal static class ModelArchive
{
    public const string FormatName = "Microsoft.ML.AudioVisual.Model";
    public const int FormatVersion = 1;
    public const string ManifestEntry = "manifest.json";

    /// <summary>JSON settings for manifests: camelCase, enums as strings, indented.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(string path, AudioVisualTransformerBase transformer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = new ModelArchiveWriter();
        writer.Manifest["format"] = FormatName;
        writer.Manifest["formatVersion"] = FormatVersion;
        writer.Manifest["kind"] = transformer.ModelKind;
        writer.Manifest["type"] = $"{transformer.GetType().FullName}, {transformer.GetType().Assembly.GetName().Name}";
        writer.Manifest["library"] = typeof(ModelArchive).Assembly.GetName().Version?.ToString();
        transformer.SaveTo(writer);
        AtomicFile.Write(path, stream => writer.WriteTo(stream));
    }

    public static ITransformer Load(MLContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var reader = ModelArchiveReader.Open(path);
        var typeName = reader.GetString("type");
        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new InvalidDataException(
                $"Model '{path}' was saved by '{typeName}', which is not available: reference the assembly that defines it " +
                "(for trained models, Microsoft.ML.AudioVisual.TorchSharp).");
        var load = type.GetMethod("LoadFrom", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(MLContext), typeof(ModelArchiveReader)])
            ?? throw new InvalidDataException($"Model '{path}' names type '{typeName}', which cannot load models.");
        try
        {
            return (ITransformer)load.Invoke(null, [context, reader])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            if (e.InnerException is InvalidDataException or KeyNotFoundException or JsonException)
                throw new InvalidDataException($"Model '{path}' is damaged or incompatible: {e.InnerException.Message}", e.InnerException);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>Collects a manifest and entries, then writes the zip.</summary>
internal sealed class ModelArchiveWriter
{
    private readonly List<(string Name, byte[] Bytes)> _entries = [];

    public JsonObject Manifest { get; } = new();

    public void SetObject<T>(string key, T value) => Manifest[key] = JsonSerializer.SerializeToNode(value, ModelArchive.Json);

    public void AddEntry(string name, byte[] bytes) => _entries.Add((name, bytes));

    public void AddEntry(string name, Action<Stream> write)
    {
        using var memory = new MemoryStream();
        write(memory);
        _entries.Add((name, memory.ToArray()));
    }

    public void WriteTo(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var manifest = zip.CreateEntry(ModelArchive.ManifestEntry, CompressionLevel.Optimal);
        using (var s = manifest.Open()) JsonSerializer.Serialize(s, Manifest, ModelArchive.Json);
        foreach (var (name, bytes) in _entries)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            using var s = entry.Open();
            s.Write(bytes);
        }
    }
}

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

    public string Path { get; }

    public JsonObject Manifest { get; }

    public static ModelArchiveReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a Microsoft.ML.AudioVisual model (not a complete zip file; truncated?): {e.Message}", e);
        }
        try
        {
            var entry = zip.GetEntry(ModelArchive.ManifestEntry)
                ?? throw new InvalidDataException($"'{path}' is not a Microsoft.ML.AudioVisual model: it has no {ModelArchive.ManifestEntry}.");
            JsonObject manifest;
            using (var s = entry.Open())
                manifest = JsonNode.Parse(s) as JsonObject ?? throw new InvalidDataException($"'{path}': {ModelArchive.ManifestEntry} is not a JSON object.");
            if ((string?)manifest["format"] != ModelArchive.FormatName)
                throw new InvalidDataException($"'{path}' is not a Microsoft.ML.AudioVisual model (format '{manifest["format"]}').");
            int version = (int?)manifest["formatVersion"] ?? 0;
            if (version < 1 || version > ModelArchive.FormatVersion)
                throw new InvalidDataException($"'{path}' has model format version {version}; this library reads versions 1 to {ModelArchive.FormatVersion}.");
            return new ModelArchiveReader(path, zip, manifest);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            zip.Dispose();
            if (e is InvalidDataException && e.Message.Contains(path, StringComparison.Ordinal)) throw;
            throw new InvalidDataException($"'{path}' is not a readable Microsoft.ML.AudioVisual model: {e.Message}", e);
        }
    }

    public string GetString(string key) =>
        (string?)Manifest[key] ?? throw new InvalidDataException($"'{Path}': the manifest has no '{key}'.");

    public T GetObject<T>(string key) =>
        Manifest[key].Deserialize<T>(ModelArchive.Json) ?? throw new InvalidDataException($"'{Path}': the manifest has no '{key}'.");

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
