using System.Collections.Concurrent;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>
/// Probe results of the media files this process has probed: probing a file again (the loader after
/// <see cref="Datasets.VideoCorrespondenceSource.Scan"/>, the next training epoch, another moment of the same video)
/// starts no second FFprobe process, which costs about as much as decoding a short clip. An entry serves only while
/// the file keeps its length and last-write time; failures are not remembered.
/// </summary>
internal static class MediaProbeCache
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    private sealed record Entry(long Length, DateTime LastWriteUtc, MediaInfo Info);

    /// <summary>The remembered result for the file at <paramref name="path"/> if it is unchanged, else <paramref name="probe"/>'s, then remembered.</summary>
    public static MediaInfo GetOrProbe(string path, Func<MediaInfo> probe)
    {
        var key = Path.GetFullPath(path);
        var before = new FileInfo(key);
        if (Entries.TryGetValue(key, out var entry) && before.Exists && entry.Length == before.Length && entry.LastWriteUtc == before.LastWriteTimeUtc)
            return entry.Info;
        var info = probe();
        if (before.Exists) // the stamp from before the probe: a file that changed meanwhile is probed again next time
        {
            if (Entries.Count >= Capacity) Entries.Clear();
            Entries[key] = new Entry(before.Length, before.LastWriteTimeUtc, info);
        }
        return info;
    }

    /// <summary>Forgets every result (benchmarks time first reads with it).</summary>
    public static void Clear() => Entries.Clear();
}
