using System.Diagnostics;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>Runs a program from tests, as a user's shell would: outside the test run's MSBuild environment.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, without the
    /// MSBuild variables of the test run's own build; returns the exit code, the standard output and the combined output.
    /// </summary>
    /// <exception cref="TimeoutException">The program ran longer than <paramref name="timeout"/> (it is killed).</exception>
    public static (int ExitCode, string Output) Run(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = RunSeparately(program, workingDirectory, timeout, arguments);
        return (exitCode, stdout + stderr);
    }

    /// <summary>
    /// As <see cref="Run"/>, with standard output and standard error apart, and <paramref name="environment"/> added to
    /// the program's environment.
    /// </summary>
    public static (int ExitCode, string Out, string Error) RunSeparately(string program, string workingDirectory, TimeSpan timeout,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:F0} s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
