using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>
/// The library's model file: a zip holding <c>manifest.json</c> (format marker and version, the model
/// <c>kind</c> that picks its loader, the assembly that provides it, options, column names and shapes) and
/// binary entries such as network weights. Saved atomically; loading a truncated or foreign file is a clear
/// error naming the file.
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

    /// <summary>Saves a transformer to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, AudioVisualTransformerBase transformer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(transformer); // fully serialised before the file is touched
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The archive of a transformer, in memory.</summary>
    public static byte[] ToBytes(AudioVisualTransformerBase transformer)
    {
        var writer = NewWriter(transformer.ModelKind, transformer.GetType().Assembly);
        transformer.SaveTo(writer);
        using var memory = new MemoryStream();
        writer.WriteTo(memory);
        return memory.ToArray();
    }

    /// <summary>A writer with the manifest header filled in.</summary>
    public static ModelArchiveWriter NewWriter(string kind, System.Reflection.Assembly provider)
    {
        var writer = new ModelArchiveWriter();
        writer.Manifest["format"] = FormatName;
        writer.Manifest["formatVersion"] = FormatVersion;
        writer.Manifest["kind"] = kind;
        writer.Manifest["assembly"] = provider.GetName().Name;
        writer.Manifest["library"] = typeof(ModelArchive).Assembly.GetName().Version?.ToString();
        return writer;
    }

    public static ITransformer Load(MLContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var reader = ModelArchiveReader.Open(path);
        return Load(context, reader);
    }

    /// <summary>Loads the model an open archive holds, through the loader registered for its kind.</summary>
    public static ITransformer Load(MLContext context, ModelArchiveReader reader)
    {
        var loader = ModelKinds.Find(reader.Kind, AssemblyHint(reader), reader.Path);
        try
        {
            return loader(context, reader);
        }
        catch (Exception e) when (e is KeyNotFoundException or JsonException or EndOfStreamException)
        {
            throw new InvalidDataException($"Model '{reader.Path}' is damaged or incompatible: {e.Message}", e);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(reader.Path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Model '{reader.Path}' is damaged or incompatible: {e.Message}", e);
        }
    }

    /// <summary>The assembly that provides the kind: the manifest's <c>assembly</c>, or the one of the <c>type</c> older files name.</summary>
    private static string? AssemblyHint(ModelArchiveReader reader)
    {
        if (reader.GetStringOrNull("assembly") is string assembly) return assembly;
        var type = reader.GetStringOrNull("type");
        int comma = type?.IndexOf(',') ?? -1;
        return comma > 0 ? type![(comma + 1)..].Trim() : null;
    }
}
