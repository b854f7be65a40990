using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Persistence;

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
