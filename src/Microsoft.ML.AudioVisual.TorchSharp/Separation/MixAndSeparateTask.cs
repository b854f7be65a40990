using System.Globalization;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Mix-and-separate training (Sound of Pixels): every epoch draws fresh mixtures of sources from different groups
/// among the training rows (random offsets, random visuals of each source's group), computes STFT, warp and targets in
/// C#, and trains the masks of each source against its target (weighted BCE for binary masks, L1 for ratio masks).
/// Validation separates fixed mixtures of the held-out rows and reports the NSDR (BSS_EVAL, no permutation).
/// </summary>
internal sealed class MixAndSeparateTask : TrainingTask
{
    internal const string NsdrMetric = "nsdr";
    internal const string SdrMetric = "sdr";

    /// <summary>Held-out mixtures the mask exponent is picked on, per validation mixture (64 with the default 32).</summary>
    internal const int CalibrationMixturesPerValidationMixture = 2;

    private readonly SoundOfPixelsNetwork _network;
    private readonly SeparationExampleSet _data;
    private readonly ImageStandardization _standardization;
    private readonly MixAndSeparateOptions _options;
    private readonly Device _device;
    private readonly SeparationMixer _train;
    private readonly SeparationMixer _heldOut;
    private readonly MixtureDraw[] _validation;
    private readonly int _mixturesPerEpoch;
    private readonly int _seed;
    private MixtureDraw[] _epoch = [];

    public MixAndSeparateTask(SoundOfPixelsNetwork network, SeparationExampleSet data, ImageStandardization standardization, MixAndSeparateOptions options,
        Device device, int seed)
    {
        _network = network;
        _data = data;
        _standardization = standardization;
        _options = options;
        _device = device;
        var rows = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(rows);
        int held = (int)Math.Round(data.Count * options.ValidationFraction);
        _train = new SeparationMixer(data, rows[held..], options);
        if (!_train.CanMix)
            throw new InvalidOperationException($"The training rows hold fewer than {options.Sources} groups: mixtures of different groups cannot be formed.");
        _heldOut = new SeparationMixer(data, rows[..held], options);
        _seed = seed;
        var random = new Random(unchecked(seed + 7919));
        _validation = options.ValidationMixtures > 0 && _heldOut.CanMix
            ? [.. Enumerable.Range(0, options.ValidationMixtures).Select(_ => _heldOut.Draw(random))]
            : [];
        _mixturesPerEpoch = options.MixturesPerEpoch ?? _train.Rows;
        Description = $"{_train.Rows:N0} rows ({data.GroupCount} groups), {_mixturesPerEpoch:N0} fresh {options.Sources}-source mixtures per epoch, " +
                      $"{options.Mask} masks, validating on {_validation.Length} mixtures";
    }

    public override nn.Module Network => _network;

    public override int StepsPerEpoch => Math.Max(1, (_mixturesPerEpoch + _options.BatchSize - 1) / _options.BatchSize);

    public override string Description { get; }

    public override string DataFingerprint
    {
        get
        {
            double probe = 0;
            for (int i = 0; i < _data.Count; i += Math.Max(1, _data.Count / 64)) probe += _data.Waveforms[i].Sum() + _data.VisualOf(i)[0];
            return string.Create(CultureInfo.InvariantCulture, $"rows={_data.Count}|groups={_data.GroupCount}|visual={_data.Shape}|probe={probe:R}");
        }
    }

    public override void BeginEpoch(int epoch, Random random) =>
        _epoch = [.. Enumerable.Range(0, StepsPerEpoch * _options.BatchSize).Select(_ => _train.Draw(random, augment: true))];

    public override Tensor ComputeLoss(int epoch, int step, MetricTotals metrics)
    {
        var draws = _epoch.AsSpan(step * _options.BatchSize, _options.BatchSize).ToArray();
        var prepared = Prepare(draws);
        var logits = Logits(draws, prepared);
        metrics.AddExamples(draws.Length);
        return SeparationBatch.Loss(logits, prepared, _options.WeightedLoss, _options.Mask, _device);
    }

    public override IReadOnlyDictionary<string, double>? Validate()
    {
        if (_validation.Length == 0) return null;
        var scores = new List<SeparationScores>();
        for (int start = 0; start < _validation.Length; start += _options.BatchSize)
        {
            var draws = _validation.AsSpan(start, Math.Min(_options.BatchSize, _validation.Length - start)).ToArray();
            var prepared = Prepare(draws);
            using (NewDisposeScope())
                scores.AddRange(SeparationBatch.Score(Logits(draws, prepared), prepared, _options.Mask, _options.BinaryMaskThreshold, _options.AppliedMaskExponent));
        }
        return SeparationBatch.Metrics(scores);
    }

    /// <summary>
    /// Mean validation NSDR per candidate mask exponent when training picked <see cref="MixAndSeparateOptions.MaskExponent"/>
    /// (it was null, masks are normalised, validation is on), or null.
    /// </summary>
    public IReadOnlyDictionary<double, double>? MaskExponentScores { get; private set; }

    /// <summary>The exponent with the best validation NSDR, or null when none was picked.</summary>
    public double? PickedMaskExponent => MaskExponentScores?.MaxBy(pair => pair.Value).Key;

    /// <summary>
    /// Picks the mask exponent on held-out mixtures: twice as many as the per-epoch validation, as the differences are
    /// small; each candidate costs a BSS_EVAL of every mixture, so the count follows <see cref="MixAndSeparateOptions.ValidationMixtures"/>.
    /// </summary>
    public override void Finish()
    {
        if (_options.MaskExponent is not null || !_options.NormalizesAppliedMasks || _validation.Length == 0) return;
        var random = new Random(unchecked(_seed + 104729));
        var draws = Enumerable.Range(0, CalibrationMixturesPerValidationMixture * _validation.Length).Select(_ => _heldOut.Draw(random)).ToArray();
        var totals = MixAndSeparateOptions.MaskExponentCandidates.ToDictionary(p => p, _ => new List<SeparationScores>());
        for (int start = 0; start < draws.Length; start += _options.BatchSize)
        {
            var batch = draws.AsSpan(start, Math.Min(_options.BatchSize, draws.Length - start)).ToArray();
            var prepared = Prepare(batch);
            float[] masks;
            using (NewDisposeScope())
                masks = SeparationBatch.Masks(Logits(batch, prepared), _options.Mask);
            foreach (var (exponent, scores) in totals)
                scores.AddRange(SeparationBatch.Score(masks, prepared, _options.Mask, _options.BinaryMaskThreshold, (float)exponent));
        }
        MaskExponentScores = totals.Where(pair => pair.Value.Count > 0).ToDictionary(pair => pair.Key, pair => pair.Value.Average(s => s.Nsdr));
        if (MaskExponentScores.Count == 0) MaskExponentScores = null;
    }

    private PreparedMixture[] Prepare(MixtureDraw[] draws)
    {
        var prepared = new PreparedMixture[draws.Length];
        Parallel.For(0, draws.Length, i => prepared[i] = _train.Prepare(draws[i]));
        return prepared;
    }

    private Tensor Logits(MixtureDraw[] draws, PreparedMixture[] prepared)
    {
        int sources = _options.Sources, size = _data.Shape.Size;
        var visual = new float[draws.Length * sources * size];
        for (int i = 0; i < draws.Length; i++)
            for (int n = 0; n < sources; n++)
                _data.VisualOf(draws[i].VisualRows[n]).CopyTo(visual.AsSpan(((i * sources) + n) * size, size));
        var frames = SeparationForward.StageVisual(visual, draws.Length * sources, _data.Shape, _standardization, _device);
        var spectrograms = SeparationForward.StageSpectrograms([.. prepared.Select(p => p.Spectrogram)], _device);
        return SeparationForward.MaskLogits(_network, spectrograms, frames, sources);
    }
}
