using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>Runs the <c>dotnet</c> command line from tests (building and running a throwaway project).</summary>
public static class DotnetCli
{
    private static readonly Lazy<string?> PathLazy = new(() =>
    {
        // Under `dotnet test` the test host itself runs in the dotnet executable.
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    });

    /// <summary>The dotnet executable, or null when there is none.</summary>
    public static string? Path => PathLazy.Value;

    /// <summary>The configuration these tests were built in, for building against the repository's outputs.</summary>
    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>
    /// Runs dotnet with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, without the MSBuild
    /// variables of the test run's own build leaking in; returns the exit code and the combined output.
    /// </summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ChildProcess.Run(Path ?? throw new InvalidOperationException("dotnet was not found."), workingDirectory, timeout, arguments);
}

/// <summary>A fact that skips, with the reason, when the dotnet command line is unavailable.</summary>
public sealed class DotnetCliFactAttribute : FactAttribute
{
    public DotnetCliFactAttribute()
    {
        if (DotnetCli.Path is null) Skip = "the dotnet command line was not found (neither the test host nor PATH)";
    }
}
