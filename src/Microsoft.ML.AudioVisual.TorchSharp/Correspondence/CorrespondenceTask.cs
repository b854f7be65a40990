using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// Correspondence training (AVE-Net, L3-Net, AVOL-Net): every epoch draws fresh pairs over the training rows,
/// each with its own image and sound shifts; the loss is two-class cross-entropy on the network's logits and the
/// metric is accuracy; validation scores fixed held-out pairs (one positive and one negative per row).
/// </summary>
internal sealed class CorrespondenceTask : TrainingTask
{
    private readonly nn.Module _module;
    private readonly ICorrespondenceNetwork _network;
    private readonly AvcExampleSet _data;
    private readonly CorrespondenceTrainingOptions _options;
    private readonly IEnumerable<TorchSharp.Modules.Parameter>? _trainable;
    private readonly bool _calibrate;
    private readonly int[] _trainRows;
    private readonly PairSampler _sampler;
    private readonly CorrespondencePair[] _validationPairs;
    private readonly PairBatchBuilder _batch;
    private readonly double _maxGain;
    private CorrespondencePair[] _epochPairs = [];

    /// <param name="network">The network, an <see cref="nn.Module"/> implementing <see cref="ICorrespondenceNetwork"/>.</param>
    /// <param name="data">Training rows in memory.</param>
    /// <param name="normalization">Input standardisation.</param>
    /// <param name="options">Sampling and augmentation settings.</param>
    /// <param name="device">Where batches go.</param>
    /// <param name="seed">The run's seed (row split and validation pairs).</param>
    /// <param name="log">Warnings about the data.</param>
    /// <param name="frontEnd">The spectrogram column's front-end, which says how a gain in dB changes its values (null: unknown).</param>
    /// <param name="calibrate">Whether the first batch of a fresh run calibrates the network's head.</param>
    /// <param name="trainable">The parameters to train, or null for all.</param>
    public CorrespondenceTask(nn.Module network, AvcExampleSet data, InputNormalization normalization, CorrespondenceTrainingOptions options,
        Device device, int seed, ComponentLog log, Spectral.AudioFrontEnd? frontEnd, bool calibrate = true, IEnumerable<TorchSharp.Modules.Parameter>? trainable = null)
    {
        _module = network;
        _network = (ICorrespondenceNetwork)network;
        _data = data;
        _options = options;
        _calibrate = calibrate;
        _trainable = trainable;
        var rows = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(rows);
        int held = (int)Math.Round(data.Count * options.ValidationFraction);
        _trainRows = rows[held..];
        _sampler = new PairSampler(_trainRows, data.Groups, data.Shapes.Frames, data.VisibleGroups);
        if (!_sampler.HasNegatives)
            throw new InvalidOperationException(data.VisibleGroups is null
                ? "The training rows hold a single group: negatives (audio from another group) cannot be formed."
                : "Some training image shows every group of the training rows: no audio can be a negative for it.");
        _validationPairs = ValidationPairs(rows[..held], seed, log);
        _batch = new PairBatchBuilder(data, normalization, device, options.BatchSize);
        _maxGain = GainAugmentation.MaxValueChange(options.AudioGain, frontEnd, options.AudioColumnName, log);
        Description = $"{_trainRows.Length:N0} rows ({data.GroupCount} groups), validating on {_validationPairs.Length:N0} pairs, " +
                      $"positives from the {(options.PositivePairing == PositivePairing.SameRow ? "same row" : "same group")}" +
                      (data.VisibleGroups is null ? "" : ", negatives from groups the image does not show");
    }

    public override nn.Module Network => _module;

    public override IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters => _trainable ?? _module.parameters();

    public override int StepsPerEpoch => (_trainRows.Length + _options.BatchSize - 1) / _options.BatchSize;

    public override string Description { get; }

    public override string DataFingerprint => _data.Fingerprint;

    public override void BeginEpoch(int epoch, Random random)
    {
        var order = Enumerable.Range(0, _trainRows.Length).ToArray();
        random.Shuffle(order);
        var shapes = _data.Shapes;
        int maxDx = (int)(_options.ImageShift * shapes.Width), maxDy = (int)(_options.ImageShift * shapes.Height);
        int maxShift = (int)(_options.AudioTimeShift * shapes.AudioFrames);
        int maxPitch = (int)(_options.AudioFrequencyShift * shapes.AudioBins);
        int maxMaskBins = (int)(_options.AudioMasking * shapes.AudioBins), maxMaskFrames = (int)(_options.AudioMasking * shapes.AudioFrames);
        double maxGain = _maxGain;
        _epochPairs = new CorrespondencePair[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var pair = _sampler.Sample(order[i], random, _options.NegativeFraction, _options.PositivePairing);
            // Draw only the augmentation that is on, so that runs without it keep the sampling stream of earlier versions.
            if (maxDx > 0 || maxDy > 0) pair = pair with { ImageShiftX = random.Next(-maxDx, maxDx + 1), ImageShiftY = random.Next(-maxDy, maxDy + 1) };
            if (maxShift > 0) pair = pair with { AudioShift = random.Next(-maxShift, maxShift + 1) };
            if (maxPitch > 0 || maxMaskBins > 0 || maxGain > 0)
            {
                int pitch = maxPitch > 0 ? random.Next(-maxPitch, maxPitch + 1) : 0;
                int bins = maxMaskBins > 0 ? random.Next(maxMaskBins + 1) : 0, frames = maxMaskFrames > 0 ? random.Next(maxMaskFrames + 1) : 0;
                int maskBin = random.Next(shapes.AudioBins - bins + 1), maskFrame = random.Next(shapes.AudioFrames - frames + 1);
                float gain = maxGain > 0 ? (float)((2 * random.NextDouble() - 1) * maxGain) : 0;
                pair = pair with { Audio = new AudioAugmentation(pitch, maskBin, bins, maskFrame, frames, gain) };
            }
            _epochPairs[i] = pair;
        }
    }

    public override Tensor ComputeLoss(int epoch, int step, MetricTotals metrics)
    {
        int start = step * _options.BatchSize;
        int count = Math.Min(_options.BatchSize, _epochPairs.Length - start);
        var (images, spectrograms, labels) = _batch.Build(_epochPairs.AsSpan(start, count));
        if (_calibrate && epoch == 0 && step == 0) _network.CalibrateOn(images, spectrograms);
        var logits = _network.CorrespondenceLogits(images, spectrograms);
        metrics.AddExamples(count);
        metrics.Add(MetricNames.Accuracy, logits.argmax(1).eq(labels).sum().item<long>());
        return nn.functional.cross_entropy(logits, labels);
    }

    public override IReadOnlyDictionary<string, double>? Validate() =>
        _validationPairs.Length == 0 ? null : new Dictionary<string, double> { [MetricNames.Accuracy] = Accuracy(_network, _batch, _validationPairs) };

    /// <summary>Correspondence accuracy on fixed pairs (the caller sets eval and inference mode).</summary>
    internal static double Accuracy(ICorrespondenceNetwork network, PairBatchBuilder batch, CorrespondencePair[] pairs)
    {
        long correct = 0;
        for (int start = 0; start < pairs.Length; start += batch.Capacity)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batch.Capacity, pairs.Length - start);
            var (images, spectrograms, labels) = batch.Build(pairs.AsSpan(start, count));
            correct += network.CorrespondenceLogits(images, spectrograms).argmax(1).eq(labels).sum().item<long>();
        }
        return (double)correct / pairs.Length;
    }

    /// <summary>One positive and one negative per validation row, fixed by the seed.</summary>
    private CorrespondencePair[] ValidationPairs(int[] rows, int seed, ComponentLog log)
    {
        if (rows.Length == 0) return [];
        var sampler = new PairSampler(rows, _data.Groups, _data.Shapes.Frames, _data.VisibleGroups);
        if (!sampler.HasNegatives)
        {
            log.Warning(_data.VisibleGroups is null
                ? "The validation rows hold a single group; validation is skipped."
                : "Some validation image shows every group of the validation rows; validation is skipped.");
            return [];
        }
        var random = new Random(unchecked(seed ^ 0x5eed));
        var pairs = new List<CorrespondencePair>(2 * rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            pairs.Add(sampler.Sample(i, random, negativeFraction: 0.0));
            pairs.Add(sampler.Sample(i, random, negativeFraction: 1.0));
        }
        return [.. pairs];
    }
}
