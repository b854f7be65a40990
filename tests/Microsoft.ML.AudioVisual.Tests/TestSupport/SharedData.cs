using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Locates the repository and the shared data folder that sits beside it (<c>../shared</c>). Tests that
/// need the shared data use <see cref="SharedDataFactAttribute"/> or <see cref="SharedDataTheoryAttribute"/>,
/// which skip with a clear reason when it is absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RepositoryRootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Microsoft.ML.AudioVisual.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No Microsoft.ML.AudioVisual.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The folder holding Microsoft.ML.AudioVisual.sln.</summary>
    public static string RepositoryRoot => RepositoryRootLazy.Value;

    /// <summary>The shared folder (<c>&lt;repo&gt;/../shared</c>).</summary>
    public static string Root => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Reference outputs of peer libraries, <c>&lt;shared&gt;/reference</c>.</summary>
    public static string ReferenceDirectory => Path("reference");

    /// <summary>True when the shared data and reference folders exist.</summary>
    public static bool Available => Directory.Exists(System.IO.Path.Combine(Root, "data")) && Directory.Exists(System.IO.Path.Combine(Root, "reference"));

    /// <summary>Why shared-data tests are skipped.</summary>
    public static string SkipReason => $"shared data not found at '{Root}' (expected ../shared/data and ../shared/reference beside the repository)";

    /// <summary>A path under the shared folder, e.g. <c>SharedData.Path("data", "fsdd")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}

/// <summary>A fact that skips, with the reason, when <c>../shared</c> is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}

/// <summary>
/// A theory that skips, with the reason, when <c>../shared</c> is absent. xunit 2 reads
/// <see cref="FactAttribute.Skip"/> before enumerating member data, so the data source is not touched then.
/// </summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}
