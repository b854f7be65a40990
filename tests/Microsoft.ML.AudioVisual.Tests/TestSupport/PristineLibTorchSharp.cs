using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// TorchSharp's libLibTorchSharp.so as restored in the NuGet cache, unpatched (read only: tests patch copies).
/// Tests that need it use <see cref="PristineLibTorchSharpFactAttribute"/>, which skips when it is absent.
/// </summary>
public static class PristineLibTorchSharp
{
    private static readonly Lazy<string?> PathLazy = new(() =>
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var path = System.IO.Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}",
            "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    });

    /// <summary>The file, or null when this is not Linux or the package is not in the NuGet cache.</summary>
    public static string? Path => OperatingSystem.IsLinux() ? PathLazy.Value : null;

    /// <summary>Copies the file into <paramref name="folder"/> (created if needed) and returns the copy's path.</summary>
    public static string CopyTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var copy = System.IO.Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(Path!, copy);
        return copy;
    }
}

/// <summary>A fact that skips, with the reason, when the unpatched libLibTorchSharp.so is not available.</summary>
public sealed class PristineLibTorchSharpFactAttribute : FactAttribute
{
    public PristineLibTorchSharpFactAttribute()
    {
        if (PristineLibTorchSharp.Path is null) Skip = "needs Linux and TorchSharp's package in the NuGet cache (runtimes/linux-x64/native/libLibTorchSharp.so)";
    }
}
