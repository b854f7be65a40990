using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Locates the repository root and the read-only shared data folder that sits beside it
/// (<c>&lt;root&gt;/../shared</c>: reference outputs of peer libraries, datasets).
/// </summary>
public static class SharedData
{
    private const string SolutionFile = "Microsoft.ML.AudioVisual.sln";
    private static readonly Lazy<string?> Root = new(FindRepositoryRoot);

    /// <summary>The folder holding <c>Microsoft.ML.AudioVisual.sln</c>, found by walking up from the test binaries; null if not found.</summary>
    public static string? RepositoryRoot => Root.Value;

    /// <summary>The shared folder, <c>&lt;root&gt;/../shared</c>; null when the repository root is unknown.</summary>
    public static string? SharedDirectory => RepositoryRoot is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared")) : null;

    /// <summary>Reference outputs of peer libraries, <c>&lt;shared&gt;/reference</c>.</summary>
    public static string? ReferenceDirectory => Resolve("reference");

    /// <summary>Absolute path of <paramref name="relativePath"/> inside the shared folder; null when the repository root is unknown.</summary>
    public static string? Resolve(string relativePath)
        => SharedDirectory is { } shared ? Path.GetFullPath(Path.Combine(shared, relativePath)) : null;

    /// <summary>Why a test needing <paramref name="relativePath"/> inside the shared folder cannot run, or null when it can.</summary>
    public static string? MissingReason(string relativePath)
    {
        if (RepositoryRoot is null)
        {
            return $"../shared/{relativePath} not found: no {SolutionFile} above {AppContext.BaseDirectory}";
        }

        string path = Resolve(relativePath)!;
        return Directory.Exists(path) || File.Exists(path) ? null : $"../shared/{relativePath} not found: {path} does not exist";
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped (with the reason) when a path inside <c>../shared</c> is missing.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Requires <c>../shared/reference</c>.</summary>
    public SharedDataFactAttribute()
        : this("reference")
    {
    }

    /// <summary>Requires <c>../shared/</c><paramref name="relativePath"/>.</summary>
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.MissingReason(relativePath) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A theory that is skipped (with the reason) when a path inside <c>../shared</c> is missing. xunit 2 reads
/// <see cref="FactAttribute.Skip"/> before enumerating member data, so the data source is not touched then.
/// </summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Requires <c>../shared/reference</c>.</summary>
    public SharedDataTheoryAttribute()
        : this("reference")
    {
    }

    /// <summary>Requires <c>../shared/</c><paramref name="relativePath"/>.</summary>
    public SharedDataTheoryAttribute(string relativePath)
    {
        if (SharedData.MissingReason(relativePath) is { } reason)
        {
            Skip = reason;
        }
    }
}
