using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Microsoft.ML.AudioVisual.Benchmarks;

/// <summary>Runs a peer implementation (a Python script on Debian's system python3) and reads its one-line JSON result.</summary>
internal static class PeerProcess
{
    /// <summary>Debian's interpreter, which has python3-torch and python3-torchaudio (a pyenv python3 may come first on PATH).</summary>
    public const string SystemPython = "/usr/bin/python3";

    public static JsonObject? RunPython(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "python", script);
        if (!File.Exists(SystemPython))
        {
            Console.Error.WriteLine($"peer skipped: {SystemPython} not found (apt-get install python3-torch python3-torchaudio).");
            return null;
        }
        var start = new ProcessStartInfo(SystemPython) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"peer failed ({script}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            return null;
        }
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonNode.Parse(line)!.AsObject();
    }
}
