using System.Globalization;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Synchronisation training (AVTS): every epoch draws fresh clips from the training rows (videos), half of them in sync
/// and half negatives whose hard share follows the curriculum; the loss is the contrastive loss on the embedding distance
/// and the metric is accuracy at half the margin. Validation scores fixed held-out clips: each held-out row gives an in-sync
/// clip, an easy negative and a hard negative, and the balanced accuracies of in-sync against each kind are reported.
/// </summary>
internal sealed class SyncTask : TrainingTask
{
    /// <summary>Validation clips of each kind per held-out row.</summary>
    private const int ValidationClipsPerRow = 4;

    private readonly AvtsNet _network;
    private readonly AvcExampleSet _data;
    private readonly AudioVisualSyncOptions _options;
    private readonly SyncClipSampler _sampler;
    private readonly SyncClipBatchBuilder _batch;
    private readonly SyncClip[] _validationClips;
    private readonly ComponentLog _log;
    private readonly double _maxGain;
    private SyncClip[] _epochClips = [];

    public SyncTask(AvtsNet network, AvcExampleSet data, SyncInputShapes shapes, InputNormalization normalization, AudioVisualSyncOptions options,
        Device device, int seed, ComponentLog log, Spectral.AudioFrontEnd? frontEnd)
    {
        _network = network;
        _data = data;
        _options = options;
        _log = log;
        var rows = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(rows);
        int held = (int)Math.Round(data.Count * options.ValidationFraction);
        var (minOffset, maxOffset) = options.HardNegativeOffsetFrames;
        _sampler = new SyncClipSampler(rows[held..], data.Groups, shapes, data.Shapes.Frames, data.Shapes.AudioFrames, minOffset, maxOffset);
        if (!_sampler.HasHardNegatives)
            throw new InvalidOperationException(
                $"Rows of {data.Shapes.Frames} frames leave no room for hard negatives shifted by at least {minOffset} frames ({options.HardNegativeMinOffset} s) " +
                $"with clips of {options.ClipFrames} frames: use longer rows, shorter clips or a smaller HardNegativeMinOffset.");
        if (!_sampler.HasEasyNegatives)
            log.Warning("The training rows hold a single group: every negative is hard (the same video, shifted).");
        _validationClips = ValidationClips(rows[..held], shapes, seed, minOffset, maxOffset);
        _batch = new SyncClipBatchBuilder(data, shapes, normalization, device, options.BatchSize);
        _maxGain = GainAugmentation.MaxValueChange(options.AudioGain, frontEnd, options.AudioColumnName, log);
        Description = $"{_sampler.Count:N0} rows of {data.Shapes.Frames} frames ({data.GroupCount} groups), {options.ClipsPerRow} clips of {options.ClipFrames} frames per row and epoch, " +
                      $"validating on {_validationClips.Length:N0} clips; hard negatives shifted {minOffset}-{(maxOffset is int m ? m.ToString(CultureInfo.InvariantCulture) : "any")} frames; " +
                      $"curriculum {options.Curriculum}";
    }

    public override nn.Module Network => _network;

    public override int StepsPerEpoch => (_sampler.Count * _options.ClipsPerRow + _options.BatchSize - 1) / _options.BatchSize;

    public override string Description { get; }

    public override string DataFingerprint => _data.Fingerprint;

    public override void BeginEpoch(int epoch, Random random)
    {
        double hard = _options.Curriculum.HardNegativeFractionAt(epoch, _options.Epochs);
        if (epoch > 0 && hard != _options.Curriculum.HardNegativeFractionAt(epoch - 1, _options.Epochs))
            _log.Info($"Epoch {epoch + 1}: {hard:P0} of the negatives are now hard (the same video, shifted).");
        var order = new int[_sampler.Count * _options.ClipsPerRow];
        for (int i = 0; i < order.Length; i++) order[i] = i % _sampler.Count;
        random.Shuffle(order);
        _epochClips = new SyncClip[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var clip = _sampler.Sample(order[i], random, _options.NegativeFraction, hard);
            // Drawn only when on, so that runs without it keep the sampling stream of earlier versions.
            if (_maxGain > 0) clip = clip with { AudioGain = (float)((2 * random.NextDouble() - 1) * _maxGain) };
            _epochClips[i] = clip;
        }
    }

    public override Tensor ComputeLoss(int epoch, int step, MetricTotals metrics)
    {
        int start = step * _options.BatchSize;
        int count = Math.Min(_options.BatchSize, _epochClips.Length - start);
        var (clips, spectrograms, inSync) = _batch.Build(_epochClips.AsSpan(start, count));
        var distances = AvtsNet.Distance(_network.EmbedVisual(clips), _network.EmbedAudio(spectrograms));
        metrics.AddExamples(count);
        metrics.Add(MetricNames.Accuracy, Correct(distances, inSync));
        return AvtsNet.ContrastiveLoss(distances, inSync, _options.Margin);
    }

    public override IReadOnlyDictionary<string, double>? Validate()
    {
        if (_validationClips.Length == 0) return null;
        var distances = new float[_validationClips.Length];
        for (int start = 0; start < _validationClips.Length; start += _batch.Capacity)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(_batch.Capacity, _validationClips.Length - start);
            var (clips, spectrograms, _) = _batch.Build(_validationClips.AsSpan(start, count));
            AvtsNet.Distance(_network.EmbedVisual(clips), _network.EmbedAudio(spectrograms)).to(CPU).data<float>().CopyTo(distances, start);
        }
        double threshold = _options.Margin / 2;
        double Rate(SyncClipKind kind) => _validationClips.Select((c, i) => (c, i)).Where(p => p.c.Kind == kind)
            .Select(p => (distances[p.i] < threshold) == p.c.InSync ? 1.0 : 0.0).DefaultIfEmpty(double.NaN).Average();
        double inSync = Rate(SyncClipKind.InSync), easy = Rate(SyncClipKind.EasyNegative), hard = Rate(SyncClipKind.HardNegative);
        var metrics = new Dictionary<string, double> { [MetricNames.Accuracy] = (inSync + (easy + hard) / 2) / 2 };
        if (!double.IsNaN(easy)) metrics[SyncMetricNames.AccuracyEasy] = (inSync + easy) / 2;
        metrics[SyncMetricNames.AccuracyHard] = (inSync + hard) / 2;
        return metrics;
    }

    /// <summary>Clips whose decision (distance below half the margin means in sync) is right.</summary>
    private double Correct(Tensor distances, Tensor inSync) =>
        distances.lt(_options.Margin / 2).to_type(ScalarType.Float32).eq(inSync).sum().item<long>();

    /// <summary>In sync, easy and hard clips of every validation row, fixed by the seed.</summary>
    private SyncClip[] ValidationClips(int[] rows, SyncInputShapes shapes, int seed, int minOffset, int? maxOffset)
    {
        if (rows.Length == 0) return [];
        var sampler = new SyncClipSampler(rows, _data.Groups, shapes, _data.Shapes.Frames, _data.Shapes.AudioFrames, minOffset, maxOffset);
        var random = new Random(unchecked(seed ^ 0x5eed));
        var clips = new List<SyncClip>();
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < ValidationClipsPerRow; k++)
            {
                var inSync = sampler.InSync(i, random);
                clips.Add(inSync);
                if (sampler.HasEasyNegatives) clips.Add(sampler.Easy(inSync.VisualRow, inSync.VisualStart, random));
                if (sampler.Hard(inSync.VisualRow, inSync.VisualStart, random) is SyncClip hard) clips.Add(hard);
            }
        return [.. clips];
    }
}
