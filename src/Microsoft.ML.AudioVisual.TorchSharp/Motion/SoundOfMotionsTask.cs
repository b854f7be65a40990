using System.Globalization;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Sound of Motions training on the shared <see cref="TrainingLoop"/>: every epoch draws fresh AV-MNIST-FSDD duets of the
/// training recordings and images (<see cref="LookAlikeDuets"/>, with the curriculum's share of look-alike duets), mixes
/// them, computes STFT, warp and targets as mix-and-separate does, and trains one mask per source, conditioned on that
/// source's frames and trajectories, against its target (weighted BCE for binary masks, L1 for ratio masks). Validation
/// separates fixed look-alike duets of the test recordings and test images and reports the NSDR.
/// </summary>
internal sealed class SoundOfMotionsTask : TrainingTask
{
    internal const string NsdrMetric = MixAndSeparateTask.NsdrMetric;
    internal const string LookAlikeMetric = "look_alike";

    private readonly SoundOfMotionsNetwork _network;
    private readonly AvMnistFsdd _data;
    private readonly SoundOfMotionsOptions _options;
    private readonly Device _device;
    private readonly MotionDuetSource _source;
    private readonly MotionDuet[] _validation;
    private readonly int _duetsPerEpoch;
    private LookAlikeDuet[] _epoch = [];
    private int _epochIndex;

    public SoundOfMotionsTask(SoundOfMotionsNetwork network, AvMnistFsdd data, SoundOfMotionsOptions options, Device device, int seed)
    {
        _network = network;
        _data = data;
        _options = options;
        _device = device;
        _source = new MotionDuetSource(data, options);
        network.MotionAblated = options.AblateMotion;
        int trainRecordings = data.GetRecordingIndices(Split.Train).Count;
        if (trainRecordings == 0) throw new InvalidOperationException("The data has no training recordings: Sound of Motions trains on the FSDD training takes.");
        _duetsPerEpoch = options.DuetsPerEpoch ?? trainRecordings;
        _validation = options.ValidationDuets > 0 && data.GetRecordingIndices(Split.Test).Count > 0
            ? _source.Prepare([.. LookAlikeDuets.Manifest(data, Split.Test, options.FrontEnd, unchecked(seed + 7919), lookAlikeFraction: 1.0, recording: _source.Recording).Take(options.ValidationDuets)])
            : [];
        Standardization = ImageStandardization.Fit(_validation.Length > 0
            ? _validation.SelectMany(d => d.Videos).SelectMany(v => v).ToArray()
            : _source.Prepare([.. LookAlikeDuets.Manifest(data, Split.Train, options.FrontEnd, seed, recording: _source.Recording).Take(8)]).SelectMany(d => d.Videos).SelectMany(v => v).ToArray());
        Description = $"{trainRecordings:N0} training recordings, {_duetsPerEpoch:N0} fresh duets per epoch " +
                      (options.Curriculum ? $"(look-alike share by epoch: {string.Join(", ", Enumerable.Range(0, options.Epochs).Select(e => options.LookAlikeFractionAt(e).ToString("0.##", CultureInfo.InvariantCulture)))})" : "(all look-alike)") +
                      $", {options.Mask} masks{(options.AblateMotion ? ", motion stream ablated" : "")}, validating on {_validation.Length} look-alike duets";
    }

    /// <summary>How the frames are standardised (fitted on the validation videos, or on a few training videos without them).</summary>
    public ImageStandardization Standardization { get; }

    public override nn.Module Network => _network;

    public override int StepsPerEpoch => Math.Max(1, (_duetsPerEpoch + _options.BatchSize - 1) / _options.BatchSize);

    public override string Description { get; }

    public override string DataFingerprint
    {
        get
        {
            double probe = _validation.Sum(d => d.Prepared.Mixture.Sum() + d.Trajectories[0].Sum());
            return string.Create(CultureInfo.InvariantCulture,
                $"recordings={_data.Recordings.Count}|images={_data.Images.Count}|train={_data.GetRecordingIndices(Split.Train).Count}|probe={probe:R}");
        }
    }

    public override void BeginEpoch(int epoch, Random random)
    {
        _epochIndex = epoch;
        double lookAlike = _options.LookAlikeFractionAt(epoch);
        var pool = new List<LookAlikeDuet>();
        int need = StepsPerEpoch * _options.BatchSize;
        while (pool.Count < need)
        {
            var manifest = LookAlikeDuets.Manifest(_data, Split.Train, _options.FrontEnd, random.Next(), lookAlike, recording: _source.Recording).ToArray();
            random.Shuffle(manifest);
            pool.AddRange(manifest.Take(need - pool.Count));
        }
        _epoch = [.. pool];
    }

    public override Tensor ComputeLoss(int epoch, int step, MetricTotals metrics)
    {
        var batch = _epoch.AsSpan(step * _options.BatchSize, _options.BatchSize).ToArray();
        var duets = _source.Prepare(batch);
        metrics.AddExamples(duets.Length);
        metrics.Add(LookAlikeMetric, batch.Count(d => d.LookAlike));
        return SeparationBatch.Loss(Logits(duets), [.. duets.Select(d => d.Prepared)], _options.WeightedLoss, _options.Mask, _device);
    }

    public override IReadOnlyDictionary<string, double>? Validate()
    {
        bool due = (_epochIndex + 1) % _options.ValidationInterval == 0 || _epochIndex + 1 == _options.Epochs;
        if (_validation.Length == 0 || !due) return null;
        var scores = new List<SeparationScores>();
        for (int start = 0; start < _validation.Length; start += _options.InferenceBatchSize)
        {
            var duets = _validation.AsSpan(start, Math.Min(_options.InferenceBatchSize, _validation.Length - start)).ToArray();
            using (NewDisposeScope())
                scores.AddRange(SeparationBatch.Score(Logits(duets), [.. duets.Select(d => d.Prepared)], _options.Mask, _options.BinaryMaskThreshold));
        }
        return SeparationBatch.Metrics(scores);
    }

    /// <summary>Mask logits <c>[B, 2, F, T]</c> of prepared duets.</summary>
    internal Tensor Logits(IReadOnlyList<MotionDuet> duets) =>
        MotionForward.Logits(_network, _source.Shape, Standardization, _device, [.. duets.Select(d => d.Prepared.Spectrogram)],
            [.. duets.SelectMany(d => d.Videos)], [.. duets.SelectMany(d => d.Trajectories)]);

    /// <summary>The prepared validation duets.</summary>
    internal IReadOnlyList<MotionDuet> ValidationDuets => _validation;
}
