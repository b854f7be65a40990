using System.Diagnostics;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

/// <summary>Sound of Motions training on real AV-MNIST-FSDD duets of one speaker (small budgets).</summary>
[Collection(TorchCollection.Name)]
public sealed class SoundOfMotionsTrainingTests : IDisposable
{
    private static readonly Lazy<AvMnistFsdd> George = new(() =>
        AvMnistFsdd.Load(SharedData.Path("data", "fsdd"), SharedData.Path("data", "mnist")).WhereSpeaker(s => s == "george"));

    private readonly int _threads = torch.get_num_threads();
    private readonly ITestOutputHelper _output;

    public SoundOfMotionsTrainingTests(ITestOutputHelper output)
    {
        _output = output;
        torch.set_num_threads(1);
    }

    public void Dispose() => torch.set_num_threads(_threads);

    private static SoundOfMotionsOptions Options(int epochs, int duetsPerEpoch, int validationDuets, int batch) => new()
    {
        Epochs = epochs,
        DuetsPerEpoch = duetsPerEpoch,
        ValidationDuets = validationDuets,
        BatchSize = batch,
        InferenceBatchSize = 16,
        Seed = 5,
        Threads = 1,
    };

    [SharedDataFact]
    public void LiveTensorCountStaysFlatAcrossEpochs()
    {
        var options = Options(epochs: 4, duetsPerEpoch: 4, validationDuets: 2, batch: 2);
        var live = new List<long>();
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount); });
        using var model = SoundOfMotionsTraining.Fit(new MLContext(1), George.Value, options);
        Assert.Equal(4, live.Count);
        Assert.True(live[1] == live[3], $"live tensors after epochs 2 and 4: {live[1]} vs {live[3]}");
        Assert.NotNull(model.TrainingSummary!.Validation);
        Assert.Equal(4 * (4 / 2), model.TrainingSummary!.Steps); // epochs x (duets per epoch / batch)
    }

    [SharedDataFact]
    public void RatioMasksTrainWithTheL1LossAndValidate()
    {
        var options = Options(epochs: 2, duetsPerEpoch: 4, validationDuets: 2, batch: 2);
        options.Mask = SeparationMask.Ratio;
        var losses = new List<double>();
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd) losses.Add(p.Loss); });
        using var model = SoundOfMotionsTraining.Fit(new MLContext(1), George.Value, options);
        Assert.Equal(2, losses.Count);
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0, $"loss {l}"));
        Assert.True(double.IsFinite(model.TrainingSummary!.Validation![SoundOfMotionsTask.NsdrMetric]));
    }

    [SharedDataFact]
    public void TheCurriculumMovesFromDifferentLookingToLookAlikeDuets()
    {
        var options = Options(epochs: 4, duetsPerEpoch: 8, validationDuets: 0, batch: 4);
        var shares = new List<double>();
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd) shares.Add(p.Metrics[SoundOfMotionsTask.LookAlikeMetric]); });
        using (SoundOfMotionsTraining.Fit(new MLContext(1), George.Value, options)) { }
        Assert.Equal([0.0, 1.0, 1.0, 1.0], shares);

        options.Curriculum = false;
        Assert.All(Enumerable.Range(0, 4), e => Assert.Equal(1.0, options.LookAlikeFractionAt(e)));
        options.Curriculum = true;
        options.LookAlikeSchedule = [0, 0.5];
        Assert.Equal([0.0, 0.5, 0.5], Enumerable.Range(0, 3).Select(options.LookAlikeFractionAt));
    }

    [SharedDataFact]
    public void OnLookAlikeDuetsTheMotionStreamLearnsWhatAppearanceCannot()
    {
        // Same seed, data, steps and network; the baseline has its motion features zeroed, so it is conditioned on appearance
        // alone, which in a look-alike duet is the same image for both sources.
        const int Epochs = 3, Duets = 128, Batch = 8;
        (double Validation, double Evaluation) Train(bool ablate)
        {
            var options = Options(Epochs, Duets, validationDuets: 16, Batch);
            options.ValidationInterval = Epochs; // BSS_EVAL is the slow part: validate once, at the end
            options.LearningRate = 2e-3;
            options.Curriculum = false;
            options.AblateMotion = ablate;
            var history = new List<double>();
            options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd && p.Validation is { } v) history.Add(v[SoundOfMotionsTask.NsdrMetric]); });
            var clock = Stopwatch.StartNew();
            using var model = SoundOfMotionsTraining.Fit(new MLContext(1), George.Value, options);
            // Other duets of the test takes, through the transformer's own inference (clips, flow, trajectories, masks).
            var report = SeparationEvaluator.EvaluateDuets(model, George.Value, Split.Test, seed: 3, duets: 16);
            _output.WriteLine($"{(ablate ? "motion ablated" : "with motion")}: validation NSDR {string.Join(", ", history.Select(h => h.ToString("0.00")))} dB, " +
                              $"evaluation NSDR {report.Nsdr:0.00} dB on {report.Mixtures} duets ({model.TrainingSummary!.Steps} steps, {clock.Elapsed.TotalSeconds:0.0} s)");
            return (history[^1], report.Nsdr);
        }
        var motion = Train(ablate: false);
        var appearance = Train(ablate: true);
        _output.WriteLine($"look-alike NSDR: motion {motion} dB vs appearance only {appearance} dB");
        Assert.True(motion.Validation > appearance.Validation + 0.3, $"validation: motion {motion.Validation:0.00} dB vs appearance only {appearance.Validation:0.00} dB");
        Assert.True(motion.Evaluation > appearance.Evaluation + 0.3, $"evaluation: motion {motion.Evaluation:0.00} dB vs appearance only {appearance.Evaluation:0.00} dB");
    }
}
