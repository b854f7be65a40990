using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>
/// Makes TorchSharp's native glue library loadable where the system libstdc++ lacks GLIBCXX_3.4.32 (Debian 12,
/// Ubuntu 22.04) before any code of this assembly calls libtorch: the runtime half of the fix whose build half is
/// the buildTransitive targets. It matters for applications those targets do not reach, such as projects that
/// reference this library's project rather than its package (MSBuild does not import targets of referenced
/// projects). It patches the copies beside the application (see <see cref="LibTorchSharpGlibcxxPatch"/>), never
/// the NuGet cache, and does nothing off Linux, on newer distributions, or when the copies are already patched.
/// </summary>
/// <remarks>
/// A module initializer rather than explicit calls at entry points: every route to libtorch through this
/// library (the catalog extensions, estimators, transformers that ML.NET loads by reflection, the public network
/// classes, internals used by the CLI) runs code of this assembly first, so no route can miss the fix and none
/// of those files needs to know about it. A DllImport resolver is no alternative: TorchSharp's first load is an
/// explicit NativeLibrary.TryLoad, and resolvers are meant to be registered by an assembly for itself only.
/// </remarks>
internal static class LibTorchSharpLoader
{
    /// <summary>Runs <see cref="EnsureLoadable"/> on Linux when the runtime first touches this assembly.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The native library must be patched before the first libtorch call, whichever public entry point leads to it.")]
    internal static void InitializeModule()
    {
        if (OperatingSystem.IsLinux()) EnsureLoadable(NativeSearchDirectories());
    }

    /// <summary>
    /// When the system libstdc++ lacks the version, patches the libLibTorchSharp.so copies in
    /// <paramref name="directories"/> (searched in that order) outside NuGet package folders; throws
    /// <see cref="InvalidOperationException"/> explaining the cause and the fixes when the copy that will be
    /// loaded, the first one, cannot be patched (read-only folder, or a NuGet package folder).
    /// </summary>
    internal static void EnsureLoadable(IEnumerable<string> directories)
    {
        var candidates = CandidatePaths(directories);
        var unpatched = candidates.Where(LibTorchSharpGlibcxxPatch.NeedsPatch).ToList();
        if (unpatched.Count == 0 || !LibTorchSharpGlibcxxPatch.SystemLibStdCxxLacksVersion()) return;

        var failures = new Dictionary<string, Exception>();
        foreach (var path in unpatched.Where(p => !IsInPackageFolder(p)))
        {
            try
            {
                LibTorchSharpGlibcxxPatch.Patch(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures[path] = e;
            }
        }
        // The runtime loads the first copy it finds, in the order of the candidates.
        var loaded = candidates[0];
        if (LibTorchSharpGlibcxxPatch.NeedsPatch(loaded)) throw CannotPatch(loaded, failures.GetValueOrDefault(loaded));
    }

    /// <summary>
    /// Where the runtime looks for a native library of TorchSharp, in its order: the host's native search
    /// directories (from the application's deps.json), then TorchSharp's assembly folder; then the application
    /// folder and its runtimes/&lt;rid&gt;/native folder, in case the host passed none.
    /// </summary>
    internal static IReadOnlyList<string> NativeSearchDirectories()
    {
        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string hostDirectories)
            directories.AddRange(hostDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Path.GetDirectoryName(typeof(torch).Assembly.Location) is { Length: > 0 } torchSharpFolder) directories.Add(torchSharpFolder);
        var rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        directories.Add(AppContext.BaseDirectory);
        directories.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"));
        return directories;
    }

    /// <summary>The existing libLibTorchSharp.so files in <paramref name="directories"/>, distinct, in order.</summary>
    internal static List<string> CandidatePaths(IEnumerable<string> directories) =>
        directories.Select(d => Path.GetFullPath(Path.Combine(d, LibTorchSharpGlibcxxPatch.LibraryFileName)))
            .Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// True for a file inside a restored NuGet package, whose root (up to three folders up, as in
    /// runtimes/&lt;rid&gt;/native) holds the package's .nuspec: the global packages folder is shared by every
    /// project on the machine and is never modified.
    /// </summary>
    internal static bool IsInPackageFolder(string path)
    {
        var dir = Path.GetDirectoryName(path);
        for (int up = 0; up <= 3 && !string.IsNullOrEmpty(dir); up++, dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFiles(dir, "*.nuspec").Any()) return true;
        }
        return false;
    }

    internal static InvalidOperationException CannotPatch(string path, Exception? cause)
    {
        var reason = IsInPackageFolder(path)
            ? "it is loaded from a NuGet package folder, which this library never modifies"
            : $"the file could not be rewritten ({cause?.Message ?? "read-only location"})";
        return new InvalidOperationException(
            $"TorchSharp's native library '{path}' needs symbol version {LibTorchSharpGlibcxxPatch.MissingVersion}, which this system's " +
            $"libstdc++ lacks (Debian 12, Ubuntu 22.04), so libtorch cannot load (TorchSharp would report a missing libtorch-cpu " +
            $"package instead). Microsoft.ML.AudioVisual.TorchSharp marks that requirement weak in the application's copy of the " +
            $"library, but {reason}. Fix: reference the Microsoft.ML.AudioVisual.TorchSharp package (its buildTransitive targets " +
            $"patch the build and publish outputs), import its buildTransitive/Microsoft.ML.AudioVisual.TorchSharp.targets in your " +
            $"project, or let the application write to its own folder.", cause);
    }
}
