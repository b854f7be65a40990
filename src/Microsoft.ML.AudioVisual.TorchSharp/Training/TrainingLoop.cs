using System.Diagnostics;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>
/// The one training loop of the library. Per epoch: a generator seeded by (seed, epoch) lets the task draw
/// fresh samples and augmentation; per step: one dispose scope, the scheduled learning rate, the task's loss,
/// Adam; after the epoch: validation, a log line, progress, and an atomic checkpoint from which a resumed run
/// replays the uninterrupted one exactly. Time limit and cancellation are checked every step.
/// </summary>
internal sealed class TrainingLoop(TrainingOptionsBase options, ComponentLog log, Device device, int seed)
{
    public TrainingSummary Run(TrainingTask task, string fingerprint)
    {
        var clock = Stopwatch.StartNew();
        var token = options.CancellationToken;
        int stepsPerEpoch = task.StepsPerEpoch;
        long plannedSteps = (long)stepsPerEpoch * options.Epochs;
        log.Info($"Training {task.Network.GetName()} on {task.Description}; {options.Epochs} epochs of {stepsPerEpoch} steps, batch {options.BatchSize}, " +
                 $"learning rate {options.LearningRate:G3} ({options.LearningRateSchedule}), device {device.type}, {get_num_threads()} libtorch threads" +
                 (options.Threads is null ? " (libtorch's default; set Threads to fix it)." : "."));

        using var optimizer = new ScalarSafe.Adam(task.TrainableParameters, options.LearningRate, options.WeightDecay);
        var (startEpoch, resumedSteps) = Resume(task, optimizer, fingerprint);
        using var channel = log.Host.StartProgressChannel(log.Name);
        int stepsRun = 0, skippedSteps = 0;
        double epochLoss = double.NaN, learningRate = options.LearningRate;
        IReadOnlyDictionary<string, double> epochMetrics = new Dictionary<string, double>();
        IReadOnlyDictionary<string, double>? validation = null;
        bool timeUp = false;
        channel.SetHeader(new ProgressHeader(["loss"], ["step"]), e =>
        {
            e.SetProgress(0, resumedSteps + stepsRun, plannedSteps);
            e.SetMetric(0, epochLoss);
        });

        for (int epoch = startEpoch; epoch < options.Epochs && !timeUp; epoch++)
        {
            task.BeginEpoch(epoch, new Random(unchecked(seed * 1_000_003 + epoch)));
            var metrics = new MetricTotals();
            double lossSum = 0;
            long lossExamples = 0;
            task.Network.train();
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                token.ThrowIfCancellationRequested();
                learningRate = options.LearningRateAt((long)epoch * stepsPerEpoch + step, plannedSteps);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                using (NewDisposeScope())
                {
                    long before = metrics.Count;
                    var loss = task.ComputeLoss(epoch, step, metrics);
                    optimizer.zero_grad();
                    loss.backward();
                    float stepLoss = loss.item<float>();
                    // libtorch's CPU kernels now and then return non-finite gradients on some AVX-512 machines (see
                    // README); one such step would turn every weight into NaN, so it is skipped (like AMP's scaler does).
                    if (float.IsFinite(stepLoss) && GradientsAreFinite(task.TrainableParameters))
                    {
                        optimizer.step();
                        lossSum += stepLoss * (metrics.Count - before);
                        lossExamples += metrics.Count - before;
                    }
                    else
                    {
                        skippedSteps++;
                    }
                }
                stepsRun++;
                epochLoss = lossSum / Math.Max(lossExamples, 1);
                epochMetrics = metrics.Means();
                options.Progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, step + 1, stepsPerEpoch, epochLoss, epochMetrics, null, false, clock.Elapsed, learningRate));
                if (options.MaxTrainingTime is TimeSpan limit && clock.Elapsed >= limit)
                {
                    timeUp = true;
                    break;
                }
            }
            validation = Validate(task);
            log.Info($"Epoch {epoch + 1}/{options.Epochs}: loss {epochLoss:0.0000}" + Suffix("train", epochMetrics) + Suffix("validation", validation) +
                     $" ({clock.Elapsed.TotalSeconds:0.0} s)" + (skippedSteps > 0 ? $"; {skippedSteps} steps with non-finite gradients skipped so far" : "") + (timeUp ? $"; stopped by the time limit after {resumedSteps + stepsRun} steps." : "."));
            options.Progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, stepsPerEpoch, stepsPerEpoch, epochLoss, epochMetrics, validation, true, clock.Elapsed, learningRate));
            channel.Checkpoint(epochLoss, resumedSteps + stepsRun);
            if (!timeUp && options.CheckpointDirectory is string directory)
                TrainingCheckpoint.Save(directory, epoch + 1, resumedSteps + stepsRun, fingerprint, task.Network, optimizer);
        }
        task.Network.eval();
        int completed = timeUp ? startEpoch + (int)Math.Ceiling((double)stepsRun / stepsPerEpoch) : options.Epochs;
        return new TrainingSummary(completed, resumedSteps + stepsRun, epochLoss, epochMetrics, validation, clock.Elapsed, timeUp, skippedSteps);
    }

    private (int Epoch, int Steps) Resume(TrainingTask task, optim.Optimizer optimizer, string fingerprint)
    {
        if (options.CheckpointDirectory is not string directory) return (0, 0);
        Directory.CreateDirectory(directory);
        var (epoch, steps) = TrainingCheckpoint.TryResume(directory, fingerprint, task.Network, optimizer);
        epoch = Math.Min(epoch, options.Epochs);
        if (epoch > 0) log.Info($"Resumed at epoch {epoch} of {options.Epochs} from the checkpoint in '{directory}' ({steps} steps already run).");
        return (epoch, steps);
    }

    private static IReadOnlyDictionary<string, double>? Validate(TrainingTask task)
    {
        task.Network.eval();
        try
        {
            using var inference = inference_mode();
            return task.Validate();
        }
        finally
        {
            task.Network.train();
        }
    }

    // One host synchronisation per step, not one per parameter (tensors belong to the step's dispose scope).
    private static bool GradientsAreFinite(IEnumerable<TorchSharp.Modules.Parameter> parameters)
    {
        var checks = parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.isfinite().all()).ToArray();
        return checks.Length == 0 || stack(checks).all().item<bool>();
    }

    private static string Suffix(string what, IReadOnlyDictionary<string, double>? metrics) =>
        metrics is null || metrics.Count == 0 ? "" : $", {what} {TrainingProgress.Describe(metrics)}";
}
