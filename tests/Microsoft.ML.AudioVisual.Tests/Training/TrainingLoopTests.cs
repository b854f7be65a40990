using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainingLoopTests
{
    private sealed class LoopOptions : TrainingOptionsBase;

    /// <summary>Fits y = 2x with one weight; the chosen steps return a NaN loss, as libtorch's AVX-512 kernels sometimes do.</summary>
    private sealed class LineTask(int[] poisonedSteps) : TrainingTask
    {
        private readonly TorchSharp.Modules.Linear _line = nn.Linear(1, 1, hasBias: false);

        public override nn.Module Network => _line;
        public override int StepsPerEpoch => 4;
        public override string Description => "a line";
        public override string DataFingerprint => "line";
        public override void BeginEpoch(int epoch, Random random) { }

        public override Tensor ComputeLoss(int epoch, int step, MetricTotals metrics)
        {
            metrics.AddExamples(8);
            var x = linspace(-1, 1, 8).reshape(8, 1);
            var loss = (_line.forward(x) - 2 * x).pow(2).mean();
            return poisonedSteps.Contains(epoch * StepsPerEpoch + step) ? loss * float.NaN : loss;
        }

        public float Weight => _line.weight!.item<float>();
    }

    [Fact]
    public void StepsWithNonFiniteGradientsAreSkippedCountedAndLeaveTheWeightsFinite()
    {
        var context = new MLContext(seed: 1);
        var log = new ComponentLog(context, "TrainingLoopTests");
        var messages = new List<string>();
        context.Log += (_, e) => messages.Add(e.Message);
        random.manual_seed(1);
        using var task = new DisposableTask(new LineTask([1, 6]));
        var options = new LoopOptions { Epochs = 6, LearningRate = 0.25, WeightDecay = 0, ValidationFraction = 0 };

        var summary = new TrainingLoop(options, log, CPU, seed: 1).Run(task.Task, "fingerprint");

        Assert.Equal(2, summary.SkippedSteps);
        Assert.Equal(24, summary.Steps);
        Assert.True(float.IsFinite(task.Task.Weight) && Math.Abs(task.Task.Weight - 2) < 0.5, $"weight {task.Task.Weight}");
        Assert.Contains(messages, m => m.Contains("2 steps with non-finite gradients skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void ACleanRunReportsNoSkippedSteps()
    {
        var context = new MLContext(seed: 1);
        using var task = new DisposableTask(new LineTask([]));
        var summary = new TrainingLoop(new LoopOptions { Epochs = 1, ValidationFraction = 0 }, new ComponentLog(context, "TrainingLoopTests"), CPU, seed: 1)
            .Run(task.Task, "fingerprint");
        Assert.Equal(0, summary.SkippedSteps);
        Assert.Equal(4, summary.Steps);
    }

    private sealed class DisposableTask(LineTask task) : IDisposable
    {
        public LineTask Task { get; } = task;
        public void Dispose() => Task.Network.Dispose();
    }
}
