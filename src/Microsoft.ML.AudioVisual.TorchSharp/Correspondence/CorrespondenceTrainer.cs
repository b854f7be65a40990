using System.Diagnostics;
using Microsoft.ML.AudioVisual.Models;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>What a training run did.</summary>
/// <param name="Epochs">Epochs completed (including resumed ones).</param>
/// <param name="Steps">Optimisation steps run in all (including those before a resume).</param>
/// <param name="FinalLoss">Mean training loss of the last epoch run.</param>
/// <param name="ValidationAccuracy">Correspondence accuracy on the held-out pairs after the last epoch, if validating.</param>
/// <param name="Elapsed">Wall time of this call.</param>
/// <param name="StoppedByTimeLimit">True when <see cref="CorrespondenceTrainingOptions.MaxTrainingTime"/> ended training.</param>
public sealed record TrainingSummary(int Epochs, int Steps, double FinalLoss, double? ValidationAccuracy, TimeSpan Elapsed, bool StoppedByTimeLimit);

/// <summary>
/// The training loop shared by the correspondence models: seeded pair sampling, one dispose scope per
/// step, Adam, per-epoch validation, checkpoints, cancellation, a time limit, and progress reported to
/// <see cref="MLContext.Log"/>, ML.NET's progress channel and <see cref="CorrespondenceTrainingOptions.Progress"/>.
/// </summary>
internal sealed class CorrespondenceTrainer
{
    private readonly CorrespondenceTrainingOptions _options;
    private readonly ComponentLog _log;
    private readonly Device _device;
    private readonly int _seed;

    public CorrespondenceTrainer(CorrespondenceTrainingOptions options, ComponentLog log, Device device, int seed)
    {
        _options = options;
        _log = log;
        _device = device;
        _seed = seed;
    }

    public TrainingSummary Train(AvcNetwork model, AvcExampleSet data, InputNormalization normalization, string fingerprint, bool calibrateHead = true)
    {
        var clock = Stopwatch.StartNew();
        var token = _options.CancellationToken;
        var (trainRows, validationRows) = Split(data);
        var sampler = new PairSampler(trainRows, data.Groups, data.Shapes.Frames);
        if (!sampler.HasNegatives)
            throw new InvalidOperationException("The training rows hold a single group: negatives (audio from another group) cannot be formed.");
        var validationPairs = ValidationPairs(validationRows, data);
        int stepsPerEpoch = (trainRows.Length + _options.BatchSize - 1) / _options.BatchSize;
        _log.Info($"Training {model.GetName()} on {trainRows.Length} rows ({data.GroupCount} groups), validating on {validationPairs.Length} pairs; " +
                  $"{_options.Epochs} epochs of {stepsPerEpoch} steps, batch {_options.BatchSize}, device {_device.type}, " +
                  $"{get_num_threads()} libtorch threads" + (_options.Threads is null ? " (libtorch's default; set Threads to fix it)." : "."));

        using var optimizer = optim.Adam(model.parameters(), lr: _options.LearningRate, weight_decay: _options.WeightDecay);
        int startEpoch = 0, resumedSteps = 0;
        if (_options.CheckpointDirectory is string directory)
        {
            Directory.CreateDirectory(directory);
            (startEpoch, resumedSteps) = TrainingCheckpoint.TryResume(directory, fingerprint, model, optimizer);
            startEpoch = Math.Min(startEpoch, _options.Epochs);
            if (startEpoch > 0) _log.Info($"Resumed at epoch {startEpoch} of {_options.Epochs} from the checkpoint in '{directory}' ({resumedSteps} steps already run).");
        }

        var batch = new PairBatchBuilder(data, normalization, _device, _options.BatchSize);
        var pairs = new CorrespondencePair[_options.BatchSize];
        using var channel = _log.Host.StartProgressChannel(_log.Name);
        int globalStep = 0, stepsRun = 0;
        double epochLoss = double.NaN;
        double? validation = null;
        bool timeUp = false;
        channel.SetHeader(new ProgressHeader(["loss", "accuracy"], ["step"]), e =>
        {
            e.SetProgress(0, globalStep, (double)stepsPerEpoch * _options.Epochs);
            e.SetMetric(0, epochLoss);
        });

        for (int epoch = startEpoch; epoch < _options.Epochs && !timeUp; epoch++)
        {
            var random = new Random(unchecked(_seed * 1_000_003 + epoch)); // per-epoch stream: resuming replays it exactly
            var order = trainRows.Select((_, i) => i).ToArray();
            random.Shuffle(order);
            double lossSum = 0;
            long correct = 0, seen = 0;
            model.train();
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                token.ThrowIfCancellationRequested();
                int start = step * _options.BatchSize;
                int count = Math.Min(_options.BatchSize, order.Length - start);
                for (int i = 0; i < count; i++) pairs[i] = sampler.Sample(order[start + i], random, _options.NegativeFraction);

                using (var scope = NewDisposeScope())
                {
                    var (images, spectrograms, labels) = batch.Build(pairs.AsSpan(0, count));
                    var visual = model.EmbedVisual(images);
                    var audio = model.EmbedAudio(spectrograms);
                    if (calibrateHead && epoch == 0 && step == 0) model.CalibrateFromFirstBatch(visual.detach(), audio.detach(), labels);
                    var logits = model.Correspondence(visual, audio);
                    var loss = nn.functional.cross_entropy(logits, labels);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * count;
                    correct += logits.argmax(1).eq(labels).sum().item<long>();
                    seen += count;
                }
                globalStep = epoch * stepsPerEpoch + step + 1;
                stepsRun++;
                epochLoss = lossSum / seen;
                _options.Progress?.Report(new TrainingProgress(epoch + 1, _options.Epochs, step + 1, stepsPerEpoch, epochLoss, (double)correct / seen, null, false, clock.Elapsed));
                if (_options.MaxTrainingTime is TimeSpan limit && clock.Elapsed >= limit)
                {
                    timeUp = true;
                    break;
                }
            }
            validation = validationPairs.Length > 0 ? Accuracy(model, batch, validationPairs) : null;
            double trainAccuracy = (double)correct / Math.Max(seen, 1);
            _log.Info($"Epoch {epoch + 1}/{_options.Epochs}: loss {epochLoss:0.0000}, train accuracy {trainAccuracy:P1}" +
                      (validation is double v ? $", validation accuracy {v:P1}" : "") + $" ({clock.Elapsed.TotalSeconds:0.0} s)" +
                      (timeUp ? $"; stopped by the time limit after {stepsRun} steps." : "."));
            _options.Progress?.Report(new TrainingProgress(epoch + 1, _options.Epochs, stepsPerEpoch, stepsPerEpoch, epochLoss, trainAccuracy, validation, true, clock.Elapsed));
            channel.Checkpoint(epochLoss, trainAccuracy, globalStep);
            if (!timeUp && _options.CheckpointDirectory is string dir)
                TrainingCheckpoint.Save(dir, epoch + 1, resumedSteps + stepsRun, fingerprint, model, optimizer);
        }
        model.eval();
        int completed = timeUp ? startEpoch + (int)Math.Ceiling((double)stepsRun / stepsPerEpoch) : _options.Epochs;
        return new TrainingSummary(completed, resumedSteps + stepsRun, epochLoss, validation, clock.Elapsed, timeUp);
    }

    /// <summary>Correspondence accuracy of the model on fixed pairs (eval mode, no gradients).</summary>
    internal static double Accuracy(AvcNetwork model, PairBatchBuilder batch, CorrespondencePair[] pairs)
    {
        int batchSize = batch.Capacity;
        model.eval();
        long correct = 0;
        using (inference_mode())
        {
            for (int start = 0; start < pairs.Length; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, pairs.Length - start);
                var (images, spectrograms, labels) = batch.Build(pairs.AsSpan(start, count));
                correct += model.Forward(images, spectrograms).argmax(1).eq(labels).sum().item<long>();
            }
        }
        model.train();
        return (double)correct / pairs.Length;
    }

    private (int[] Train, int[] Validation) Split(AvcExampleSet data)
    {
        var rows = Enumerable.Range(0, data.Count).ToArray();
        new Random(_seed).Shuffle(rows);
        int validation = (int)Math.Round(data.Count * _options.ValidationFraction);
        return (rows[validation..], rows[..validation]);
    }

    /// <summary>One positive and one negative per validation row, fixed by the seed.</summary>
    private CorrespondencePair[] ValidationPairs(int[] rows, AvcExampleSet data)
    {
        if (rows.Length == 0) return [];
        var sampler = new PairSampler(rows, data.Groups, data.Shapes.Frames);
        if (!sampler.HasNegatives)
        {
            _log.Warning("The validation rows hold a single group; validation is skipped.");
            return [];
        }
        var random = new Random(unchecked(_seed ^ 0x5eed));
        var pairs = new List<CorrespondencePair>(2 * rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            pairs.Add(sampler.Sample(i, random, negativeFraction: 0.0));
            pairs.Add(sampler.Sample(i, random, negativeFraction: 1.0));
        }
        return pairs.ToArray();
    }
}
