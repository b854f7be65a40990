using System.Diagnostics;
using System.Globalization;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Random search with successive halving over <see cref="DownstreamPipeline"/>s, cross-validated on fixed folds.
/// </summary>
/// <remarks>
/// <para>
/// The resource that successive halving hands out is folds. With K folds and reduction factor η (3), rung i of
/// the three rungs evaluates the first <c>ceil(K / η^(2 - i))</c> folds (equal counts merge): for K = 5, rungs of
/// 1, 2 and 5 folds. Pipelines are sampled in brackets of <see cref="SweepOptions.BracketSize"/> (9): all are
/// evaluated on rung 0, the best <c>ceil(n / η)</c> by mean accuracy over the rung's folds go on to the next rung
/// (reusing the folds already done), and so on until the survivors have seen every fold; then a new bracket
/// starts. Only trials evaluated on every fold compete for best, so the best is always compared with the default
/// on the same folds. With one fold (a fixed train/test split) this is plain random search.
/// </para>
/// <para>
/// Trial 0 is the default pipeline, evaluated on every fold first, whatever the budget. Pipelines are sampled from
/// a <see cref="Pcg32"/> stream of the seed, a whole bracket at a time, and every fit uses <c>new MLContext(seed)</c>
/// and single-threaded trainers: two sweeps with the same seed and data run the same trials in the same order with
/// the same scores, and differ only in how many they complete within the time budget (none with
/// <see cref="SweepOptions.MaxTrials"/>). The budget is checked before every fit: a fit is not started when the mean
/// time of its trainer's earlier fits would carry it past the budget (tree ensembles take seconds per fold).
/// </para>
/// </remarks>
internal static class PipelineSweep
{
    private const int LeaderboardSize = 5;

    public static SweepResult Run(MLContext context, IDataView features, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var log = new ComponentLog(context, "Sweep");
        var data = SweepData.Read(features, options);
        bool windows = data.Windows is not null;
        var rungs = Rungs(data.Folds.Count, options.ReductionFactor);
        string strategy = $"random search with successive halving: brackets of {options.BracketSize} sampled pipelines, eta {options.ReductionFactor}, " +
            $"rungs of {string.Join("/", rungs)} folds; trial 0 is the default pipeline on all folds";
        log.Info($"Sweep of {data.Labels.Length} items, {data.Classes.Count} classes, {data.Folds.Description}; {strategy}; budget {options.TimeBudget.TotalMinutes:0.##} min, seed {options.Seed}.");

        var clock = Stopwatch.StartNew();
        var trials = new List<Trial>();
        var run = new SweepRun(data, options, clock, trials, log);

        var baseline = new Trial(0, DownstreamPipeline.Default(windows ? options.DefaultPooling : null));
        trials.Add(baseline);
        run.Advance(baseline, data.Folds.Count, rungs.Count - 1, force: true);

        var random = new Pcg32((ulong)(uint)options.Seed, stream: 0x5EE9);
        int sampled = 0;
        bool more = true;
        while (more)
        {
            int size = Math.Min(options.BracketSize, options.MaxTrials is int max ? max - sampled : int.MaxValue);
            if (size <= 0) break;
            var bracket = new List<Trial>(size);
            for (int i = 0; i < size; i++) bracket.Add(new Trial(++sampled, options.SearchSpace.Sample(ref random, windows)));
            var survivors = bracket;
            for (int rung = 0; rung < rungs.Count && more; rung++)
            {
                foreach (var trial in survivors)
                {
                    if (!trials.Contains(trial)) trials.Add(trial);
                    if (!run.Advance(trial, rungs[rung], rung, force: false)) { more = false; break; }
                }
                int keep = (survivors.Count + options.ReductionFactor - 1) / options.ReductionFactor;
                survivors = survivors.OrderByDescending(t => t.Accuracy).ThenBy(t => t.Id).Take(keep).ToList();
            }
        }

        var result = new SweepResult(trials.Where(t => t.Accuracies.Count > 0).Select(t => t.Snapshot(data.Folds.Count)).ToList(),
            data.Folds, rungs, options.Seed, clock.Elapsed, strategy);
        log.Info(string.Create(CultureInfo.InvariantCulture,
            $"Sweep done in {clock.Elapsed.TotalSeconds:0.0} s, {result.Trials.Count} trials ({result.Trials.Count(t => t.IsComplete)} on all folds): best {result.BestAccuracy:0.0000} (trial {result.BestTrial.Id}, {result.BestPipeline}), default {result.DefaultAccuracy:0.0000}."));
        return result;
    }

    /// <summary>The folds evaluated at each rung: <c>ceil(K / eta^(2 - i))</c> for i = 0, 1, 2, without repeats.</summary>
    internal static IReadOnlyList<int> Rungs(int folds, int eta) =>
        new[] { 2, 1, 0 }.Select(p => (int)Math.Ceiling(folds / Math.Pow(eta, p))).Select(r => Math.Max(1, r)).Distinct().ToArray();

    /// <summary>The shared state of one sweep: data, clock, trials and logging.</summary>
    private sealed class SweepRun(SweepData data, SweepOptions options, Stopwatch clock, List<Trial> trials, ComponentLog log)
    {
        private readonly Dictionary<DownstreamTrainer, (TimeSpan Total, int Fits)> _fitTimes = [];

        /// <summary>Evaluates <paramref name="trial"/> on its next folds up to <paramref name="folds"/>; false when the budget or cancellation stopped it.</summary>
        public bool Advance(Trial trial, int folds, int rung, bool force)
        {
            var features = data.Features(trial.Pipeline.Pooling);
            while (trial.Accuracies.Count < folds)
            {
                if (!force && (clock.Elapsed + ExpectedFitTime(trial.Pipeline.Trainer) > options.TimeBudget || options.CancellationToken.IsCancellationRequested)) return false;
                options.CancellationToken.ThrowIfCancellationRequested();
                var started = clock.Elapsed;
                var fold = DownstreamCrossValidation.Evaluate(features, data.Labels, data.Folds, trial.Pipeline, options.Seed, [trial.Accuracies.Count]);
                var took = clock.Elapsed - started;
                trial.Accuracies.Add(fold[0].Accuracy);
                trial.Duration += took;
                var (total, fits) = _fitTimes.GetValueOrDefault(trial.Pipeline.Trainer);
                _fitTimes[trial.Pipeline.Trainer] = (total + took, fits + 1);
            }
            trial.Rung = rung;
            Report(trial);
            return true;
        }

        /// <summary>The mean time of this trainer's fits so far (zero before the first): a fit that would end past the budget is not started.</summary>
        private TimeSpan ExpectedFitTime(DownstreamTrainer trainer) =>
            _fitTimes.TryGetValue(trainer, out var times) ? times.Total / times.Fits : TimeSpan.Zero;

        private void Report(Trial trial)
        {
            int folds = data.Folds.Count;
            var board = trials.Where(t => t.Accuracies.Count == folds).OrderByDescending(t => t.Accuracy).ThenBy(t => t.Id)
                .Take(LeaderboardSize).Select(t => t.Snapshot(folds)).ToList();
            var best = board.FirstOrDefault();
            string leader = best is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  | best {best.Accuracy:0.0000} (trial {best.Id})");
            log.Info(string.Create(CultureInfo.InvariantCulture,
                $"trial {trial.Id} rung {trial.Rung} ({trial.Accuracies.Count}/{folds} folds): {trial.Accuracy:0.0000}  {trial.Pipeline}{leader}"));
            options.Progress?.Report(new SweepProgress(trial.Snapshot(folds), board, clock.Elapsed));
        }
    }

    /// <summary>A trial while it runs.</summary>
    private sealed class Trial(int id, DownstreamPipeline pipeline)
    {
        public int Id { get; } = id;

        public DownstreamPipeline Pipeline { get; } = pipeline;

        public List<double> Accuracies { get; } = [];

        public int Rung { get; set; } = -1;

        public TimeSpan Duration { get; set; }

        public double Accuracy => Accuracies.Count == 0 ? double.NegativeInfinity : Accuracies.Average();

        public SweepTrial Snapshot(int folds) => new(Id, Pipeline, Rung, Accuracies.ToArray(), folds, Duration);
    }
}
