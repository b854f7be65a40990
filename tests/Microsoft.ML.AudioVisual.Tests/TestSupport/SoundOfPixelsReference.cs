using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Runs benchmarks/.../python/sound_of_pixels_reference.py (the official Sound of Pixels networks and preprocessing,
/// on Debian's <c>/usr/bin/python3</c> with python3-torch and python3-torchvision) into a temporary folder.
/// Tests that need it use <see cref="TorchPythonFactAttribute"/>, which skips when torch cannot be imported.
/// </summary>
public abstract class SoundOfPixelsReference : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly TempFolder folder = new();
    private readonly Lazy<JsonObject> info;

    protected SoundOfPixelsReference(string part) => info = new(() => Run(part));

    /// <summary>The JSON line the script printed (parameter counts, timings, versions).</summary>
    public JsonObject Info => info.Value;

    /// <summary>A file the script wrote (running it on first use).</summary>
    public string File(string name)
    {
        _ = info.Value;
        return folder.File(name);
    }

    /// <summary>An array the script wrote, as floats with its shape.</summary>
    public (float[] Values, int[] Shape) Array(string name)
    {
        var array = NpyFile.Read(File(name + ".npy"));
        return (array.ToSingles(), array.Shape);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> has the shape of the array <paramref name="name"/> and is within
    /// max(<paramref name="absolute"/>, <paramref name="relativeToMax"/> · max |expected|) of it everywhere; reports
    /// and returns the maximum absolute difference.
    /// </summary>
    public double AssertClose(string name, float[] actual, IEnumerable<long> shape, ITestOutputHelper output, double relativeToMax = 0, double absolute = 0)
    {
        var (expected, expectedShape) = Array(name);
        Assert.Equal(expectedShape.Select(d => (long)d), shape);
        Assert.Equal(expected.Length, actual.Length);
        double maxDifference = 0, maxMagnitude = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(actual[i] - expected[i]));
            maxMagnitude = Math.Max(maxMagnitude, Math.Abs(expected[i]));
        }
        output.WriteLine($"{name}: max |difference| {maxDifference:E2}, max |value| {maxMagnitude:E2}");
        double tolerance = Math.Max(absolute, relativeToMax * maxMagnitude);
        Assert.True(maxDifference <= tolerance, $"{name}: max |difference| {maxDifference:E3} exceeds {tolerance:E3} (max |value| {maxMagnitude:E3}).");
        return maxDifference;
    }

    private static readonly Lazy<bool> AvailableLazy = new(() =>
    {
        try
        {
            return System.IO.File.Exists(Python) && Execute("-c", "import torch, torchvision, PIL").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>True when <c>/usr/bin/python3</c> imports torch, torchvision and PIL.</summary>
    public static bool Available => AvailableLazy.Value;

    /// <summary>Why the reference tests are skipped.</summary>
    public const string SkipReason = "/usr/bin/python3 cannot import torch, torchvision and PIL (Debian packages python3-torch, python3-torchvision, python3-pil)";

    private JsonObject Run(string part)
    {
        string script = Path.Combine(SharedData.RepositoryRoot, "benchmarks", "Microsoft.ML.AudioVisual.Benchmarks", "python", "sound_of_pixels_reference.py");
        var (exit, output, error) = Execute(script, folder.Path, "--part", part);
        if (exit != 0) throw new InvalidOperationException($"{script} failed ({exit}): {error}");
        return JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
    }

    private static (int ExitCode, string Output, string Error) Execute(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["REFERENCE_THREADS"] = "2";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    public void Dispose()
    {
        folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The official networks' checkpoints, inputs and outputs (batch 1).</summary>
public sealed class SoundOfPixelsNetworkReference : SoundOfPixelsReference
{
    public SoundOfPixelsNetworkReference() : base("networks") { }
}

/// <summary>The official preprocessing's inputs and outputs (STFT, warp, un-warp, images).</summary>
public sealed class SoundOfPixelsPreprocessingReference : SoundOfPixelsReference
{
    public SoundOfPixelsPreprocessingReference() : base("preprocessing") { }
}

/// <summary>A fact that skips, with the reason, when torch cannot be run through /usr/bin/python3.</summary>
public sealed class TorchPythonFactAttribute : FactAttribute
{
    public TorchPythonFactAttribute()
    {
        if (!SoundOfPixelsReference.Available) Skip = SoundOfPixelsReference.SkipReason;
    }
}
