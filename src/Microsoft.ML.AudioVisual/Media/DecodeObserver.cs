namespace Microsoft.ML.AudioVisual.Media;

/// <summary>Which stream a decode call reads.</summary>
internal enum MediaKind
{
    Video,
    Audio,
}

/// <summary>
/// Lets tests and diagnostics count decode calls, e.g. to check that a pipeline decodes each row once per
/// cursor. Process-wide: ML.NET may read views on threads of its own, where no ambient context follows.
/// </summary>
internal static class DecodeObserver
{
    private static event Action<string, MediaKind>? Decoding;

    /// <summary>Calls <paramref name="onDecode"/> for every decode call in the process until disposed.</summary>
    public static IDisposable Observe(Action<string, MediaKind> onDecode)
    {
        Decoding += onDecode;
        return new Unsubscribe(onDecode);
    }

    public static void Notify(string path, MediaKind kind) => Decoding?.Invoke(path, kind);

    private sealed class Unsubscribe(Action<string, MediaKind> handler) : IDisposable
    {
        public void Dispose() => Decoding -= handler;
    }
}
