using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Runs mir_eval (Debian's python3-mir-eval, through <c>/usr/bin/python3</c>) as the reference implementation of the
/// separation metrics. Tests that need it use <see cref="MirEvalFactAttribute"/>, which skips when it is not importable.
/// </summary>
public static class MirEval
{
    private const string Python = "/usr/bin/python3";

    // Reads float WAVs as float64, as the C# side does, and prints the four results as JSON.
    private const string Script = """
        import json, sys
        import numpy as np
        import scipy.io.wavfile as wavfile
        import mir_eval
        permutation = sys.argv[1] == "1"
        paths = sys.argv[2:]
        half = len(paths) // 2
        read = lambda p: wavfile.read(p)[1].astype(np.float64)
        reference = np.stack([read(p) for p in paths[:half]])
        estimate = np.stack([read(p) for p in paths[half:]])
        sdr, sir, sar, perm = mir_eval.separation.bss_eval_sources(reference, estimate, compute_permutation=permutation)
        value = lambda v: v if np.isfinite(v) else ("inf" if v > 0 else "-inf" if v < 0 else "nan")
        print(json.dumps({"sdr": [value(v) for v in sdr], "sir": [value(v) for v in sir], "sar": [value(v) for v in sar], "permutation": [int(p) for p in perm]}))
        """;

    private static readonly Lazy<bool> AvailableLazy = new(() =>
    {
        try
        {
            return File.Exists(Python) && Run("-c", "import mir_eval, scipy.io.wavfile").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>True when <c>/usr/bin/python3</c> can import mir_eval and SciPy.</summary>
    public static bool Available => AvailableLazy.Value;

    /// <summary>Why mir_eval tests are skipped.</summary>
    public const string SkipReason = "mir_eval is not importable by /usr/bin/python3 (Debian package python3-mir-eval)";

    /// <summary><c>mir_eval.separation.bss_eval_sources</c> on float WAV files, as the JSON that <c>avl bss-eval</c> writes.</summary>
    public static JsonNode BssEvalSources(IEnumerable<string> referenceWavs, IEnumerable<string> estimateWavs, bool computePermutation)
    {
        var (exit, output, error) = Run(["-c", Script, computePermutation ? "1" : "0", .. referenceWavs, .. estimateWavs]);
        if (exit != 0) throw new InvalidOperationException($"mir_eval failed: {error}");
        return JsonNode.Parse(output)!;
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A fact that skips, with the reason, when mir_eval cannot be run.</summary>
public sealed class MirEvalFactAttribute : FactAttribute
{
    public MirEvalFactAttribute()
    {
        if (!MirEval.Available) Skip = MirEval.SkipReason;
    }
}
