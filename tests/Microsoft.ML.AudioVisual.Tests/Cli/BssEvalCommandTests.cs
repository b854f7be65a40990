using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Tests.Evaluation.Separation;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

public sealed class BssEvalCommandTests(ITestOutputHelper log)
{
    private const int SampleRate = 8000;
    private const int Samples = 4000;

    /// <summary>
    /// Two synthetic sources (a chirp and smoothed noise) and two imperfect estimates: each leaks 20 % of the other
    /// source and carries a little noise. Written as float32 WAVs; returns (references, estimates) paths.
    /// </summary>
    private static (string[] References, string[] Estimates) WriteScene(TempFolder folder, bool swapEstimates = false)
    {
        var random = new Random(11);
        float[] chirp = [.. Enumerable.Range(0, Samples).Select(t => (float)(0.4 * Math.Sin(2 * Math.PI * (200 + (0.2 * t)) * t / SampleRate)))];
        var noise = new float[Samples];
        for (int t = 1; t < Samples; t++) noise[t] = (0.9f * noise[t - 1]) + (0.05f * (float)(random.NextDouble() - 0.5));
        float[][] sources = [chirp, noise];
        float[][] estimates = [.. Enumerable.Range(0, 2).Select(j => Enumerable.Range(0, Samples)
            .Select(t => sources[j][t] + (0.2f * sources[1 - j][t]) + (0.01f * (float)(random.NextDouble() - 0.5))).ToArray())];
        if (swapEstimates) estimates = [estimates[1], estimates[0]];
        string[] referencePaths = [folder.File("ref0.wav"), folder.File("ref1.wav")];
        string[] estimatePaths = [folder.File("est0.wav"), folder.File("est1.wav")];
        for (int j = 0; j < 2; j++)
        {
            WavFile.Write(referencePaths[j], sources[j], SampleRate);
            WavFile.Write(estimatePaths[j], estimates[j], SampleRate);
        }

        return (referencePaths, estimatePaths);
    }

    private static (int Exit, string Out, string Error) RunBssEval(string[] references, string[] estimates, string json, params string[] extra) =>
        AvlCommandTests.Avl(["bss-eval", "--reference", .. references, "--estimate", .. estimates, "--json", json, .. extra]);

    [Fact]
    public void WritesTheLibraryScoresAsJsonAndATable()
    {
        using var folder = new TempFolder();
        var (references, estimates) = WriteScene(folder, swapEstimates: true);
        string json = folder.File("scores.json");
        var (exit, output, error) = RunBssEval(references, estimates, json);
        Assert.True(exit == 0, error);

        JsonNode written = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(["sdr", "sir", "sar", "permutation"], written.AsObject().Select(p => p.Key));
        SeparationInputs inputs = SeparationInputs.Read(references, estimates);
        BssEvalResult expected = BssEval.EvaluateSources(inputs.ReferenceSources, inputs.EstimatedSources);
        Assert.Equal(expected.Sdr, Numbers(written["sdr"]!));
        Assert.Equal(expected.Sir, Numbers(written["sir"]!));
        Assert.Equal(expected.Sar, Numbers(written["sar"]!));
        Assert.Equal([1, 0], written["permutation"]!.AsArray().Select(p => (int)p!));
        Assert.Contains($"{references[0]} <- {estimates[1]}", output);
        Assert.Equal(3, output.Trim().Split('\n').Length); // header and one row per source
    }

    [Fact]
    public void NonFiniteScoresAreWrittenAsStrings()
    {
        using var folder = new TempFolder();
        var (references, estimates) = WriteScene(folder);
        string json = folder.File("one.json");
        var (exit, output, error) = RunBssEval([references[0]], [estimates[0]], json, "--no-permutation");
        Assert.True(exit == 0, error);
        JsonNode written = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("inf", (string)written["sir"]![0]!); // one source: no interference
        Assert.Contains("inf", output);
    }

    [MirEvalFact]
    public void MatchesMirEvalOnGeneratedWavs()
    {
        using var folder = new TempFolder();
        foreach (bool swap in new[] { false, true })
        {
            var (references, estimates) = WriteScene(folder, swap);
            foreach (bool permutation in new[] { true, false })
            {
                string json = folder.File($"scores-{swap}-{permutation}.json");
                var (exit, _, error) = permutation ? RunBssEval(references, estimates, json) : RunBssEval(references, estimates, json, "--no-permutation");
                Assert.True(exit == 0, error);
                JsonNode ours = JsonNode.Parse(File.ReadAllText(json))!;
                JsonNode reference = MirEval.BssEvalSources(references, estimates, permutation);
                string what = $"swap={swap} permutation={permutation}";
                double worst = 0;
                foreach (string key in new[] { "sdr", "sir", "sar" })
                    worst = Math.Max(worst, BssEvalReference.AssertDecibels(Numbers(reference[key]!), Numbers(ours[key]!), $"{what} {key}"));
                log.WriteLine($"{what}: SDR {ours["sdr"]!.ToJsonString()}, worst |ours - mir_eval| = {worst:E3} dB");
                Assert.Equal(reference["permutation"]!.AsArray().Select(p => (int)p!), ours["permutation"]!.AsArray().Select(p => (int)p!));
            }
        }
    }

    [Fact]
    public void MismatchedFilesFailWithOneLineNamingThem()
    {
        using var folder = new TempFolder();
        var (references, estimates) = WriteScene(folder);
        string json = folder.File("never.json");

        string otherRate = folder.File("16k.wav");
        WavFile.Write(otherRate, new float[Samples].Select((_, t) => (float)Math.Sin(t)).ToArray(), 16000);
        AssertFails(RunBssEval(references, [estimates[0], otherRate], json), otherRate, references[0], "16000 Hz");

        string shorter = folder.File("short.wav");
        WavFile.Write(shorter, new float[Samples - 1].Select((_, t) => (float)Math.Sin(t)).ToArray(), SampleRate);
        AssertFails(RunBssEval(references, [estimates[0], shorter], json), shorter, references[0], "3999 samples");

        string silent = folder.File("silent.wav");
        WavFile.Write(silent, new float[Samples], SampleRate);
        AssertFails(RunBssEval([references[0], silent], estimates, json), silent, "silence");

        var (exit, _, error) = RunBssEval(references, [estimates[0]], json);
        Assert.Equal(2, exit);
        Assert.Contains("2 reference files but 1 estimate files", error);

        AssertFails(RunBssEval(references, [estimates[0], folder.File("missing.wav")], json), folder.File("missing.wav"), "does not exist");
        Assert.False(File.Exists(json));
    }

    private static void AssertFails((int Exit, string Out, string Error) run, params string[] expected)
    {
        Assert.NotEqual(0, run.Exit);
        Assert.Single(run.Error.Trim().Split('\n'));
        foreach (string text in expected) Assert.Contains(text, run.Error);
    }

    private static double[] Numbers(JsonNode array) =>
        [.. array.AsArray().Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? (string)v! switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => double.NaN }
            : (double)v)];
}
