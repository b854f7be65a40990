namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Why a listed item took no part in an evaluation.</summary>
public enum SkipCause
{
    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file exists but could not be decoded (corrupt, empty, no suitable stream, too short).</summary>
    Unreadable,

    /// <summary>The item was left out by the data set's own lists (for example not named by the split file).</summary>
    Excluded,
}

/// <summary>An item of a data set that was left out, with the file and the reason, so that no row disappears silently.</summary>
/// <param name="Path">The file the data set names.</param>
/// <param name="Cause">The kind of problem.</param>
/// <param name="Reason">A human-readable explanation.</param>
public sealed record SkippedItem(string Path, SkipCause Cause, string Reason)
{
    /// <summary>A one-line count by cause, e.g. <c>3 skipped (2 missing, 1 unreadable)</c>, or <c>none skipped</c>.</summary>
    public static string Summarize(IReadOnlyCollection<SkippedItem> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (skipped.Count == 0) return "none skipped";
        var counts = skipped.GroupBy(s => s.Cause).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        return $"{skipped.Count} skipped ({string.Join(", ", counts)})";
    }
}
