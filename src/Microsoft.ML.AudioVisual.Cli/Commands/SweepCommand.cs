using System.CommandLine;
using System.Globalization;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>avl sweep --dataset ... --root DIR --features logmel|MODEL [--folds K] [--group-by COLUMN] --minutes M --seed S --json OUT.json</c>:
/// searches downstream ML.NET pipelines on frozen features, printing a live leaderboard.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliOutput io)
    {
        var arguments = new DownstreamArguments();
        var minutes = new Option<double>("--minutes") { Description = "Time budget of the search.", DefaultValueFactory = _ => 2.0 };
        var maxTrials = new Option<int?>("--max-trials") { Description = "Cap on sampled pipelines (besides the default)." };
        var command = new Command("sweep", "Search downstream pipelines (trainer, hyper-parameters, normalisation, pooling) with successive halving, as JSON.");
        foreach (var option in arguments.All) command.Options.Add(option);
        command.Options.Add(minutes);
        command.Options.Add(maxTrials);
        command.SetAction(parse => io.Guard(() =>
        {
            if (!(parse.GetValue(minutes) > 0)) throw new CliUsageException("--minutes must be positive.");
            var context = new MLContext(seed: parse.GetValue(arguments.Seed));
            var dataset = arguments.LoadDataset(parse);
            using var features = arguments.OpenFeatures(parse, context, dataset);
            var options = new SweepOptions
            {
                TimeBudget = TimeSpan.FromMinutes(parse.GetValue(minutes)),
                MaxTrials = parse.GetValue(maxTrials),
                Progress = new Leaderboard(io.Out),
            };
            var report = DownstreamBenchmark.Sweep(context, dataset, features.Features, arguments.RunOptions(parse, io), options);
            var sweep = report.Sweep;
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best {sweep.BestAccuracy:0.0000} (trial {sweep.BestTrial.Id}: {sweep.BestPipeline}); default {sweep.DefaultAccuracy:0.0000}; {sweep.Trials.Count} trials in {sweep.Elapsed.TotalSeconds:0} s"));
            string json = parse.GetValue(arguments.Json)!;
            AtomicFile.WriteAllText(json, CliOutput.ToJson(report.ToJson()));
            io.ReportOn(json);
            io.Out.WriteLine($"Wrote {json}");
            return 0;
        }));
        return command;
    }

    /// <summary>One line per trial step, with the current leader.</summary>
    private sealed class Leaderboard(TextWriter output) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value)
        {
            var t = value.Trial;
            var best = value.Leaderboard.FirstOrDefault();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{value.Elapsed.TotalSeconds,5:0}s] trial {t.Id,3} rung {t.Rung} ({t.FoldAccuracies.Count}/{t.FoldCount} folds) {t.Accuracy:0.0000}  best {best?.Accuracy ?? double.NaN:0.0000} (#{best?.Id})  {t.Pipeline}"));
        }
    }
}
