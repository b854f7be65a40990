using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl bss-eval --reference R1.wav [R2.wav ...] --estimate E1.wav [E2.wav ...] --json OUT.json [--no-permutation]</c>:
/// SDR, SIR, SAR and the matching permutation as mir_eval's <c>bss_eval_sources</c>, per reference source.
/// </summary>
internal static class BssEvalCommand
{
    public static Command Create(CliOutput io)
    {
        var references = new Option<string[]>("--reference")
        {
            Description = "Reference (true) source files, one per source.", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var estimates = new Option<string[]>("--estimate")
        {
            Description = "Estimated source files, as many as the references.", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<string>("--json") { Description = "Scores file to write.", Required = true };
        var noPermutation = new Option<bool>("--no-permutation") { Description = "Score estimate i against reference i instead of searching the best matching." };
        var command = new Command("bss-eval", "Separation metrics (SDR, SIR, SAR, permutation) of estimated sources, as mir_eval.separation.bss_eval_sources.")
        {
            references, estimates, json, noPermutation,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            string[] referencePaths = parse.GetValue(references)!;
            string[] estimatePaths = parse.GetValue(estimates)!;
            SeparationInputs inputs = SeparationInputs.Read(referencePaths, estimatePaths);
            BssEvalResult result = BssEval.EvaluateSources(inputs.ReferenceSources, inputs.EstimatedSources, computePermutation: !parse.GetValue(noPermutation));
            AtomicFile.WriteAllText(parse.GetValue(json)!, CliOutput.ToJson(ToJson(result)));
            WriteTable(io.Out, result, referencePaths, estimatePaths);
            return 0;
        }));
        return command;
    }

    /// <summary><c>{"sdr": [...], "sir": [...], "sar": [...], "permutation": [...]}</c>; non-finite values as "inf", "-inf", "nan".</summary>
    internal static JsonObject ToJson(BssEvalResult result) => new()
    {
        ["sdr"] = Decibels(result.Sdr),
        ["sir"] = Decibels(result.Sir),
        ["sar"] = Decibels(result.Sar),
        ["permutation"] = new JsonArray([.. result.Permutation.Select(p => (JsonNode)p)]),
    };

    private static JsonArray Decibels(double[] values) => new([.. values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : (JsonNode)Format(v))]);

    private static void WriteTable(TextWriter output, BssEvalResult result, string[] referencePaths, string[] estimatePaths)
    {
        output.WriteLine($"{"SDR dB",9} {"SIR dB",9} {"SAR dB",9}  reference <- estimate");
        for (int j = 0; j < result.Sources; j++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Format(result.Sdr[j]),9} {Format(result.Sir[j]),9} {Format(result.Sar[j]),9}  {referencePaths[j]} <- {estimatePaths[result.Permutation[j]]}"));
        }
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        double.NaN => "nan",
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
