using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>
/// What one model family contributes to the shared <see cref="TrainingLoop"/>: how a batch is drawn (seeded,
/// per epoch, with augmentation), what the network computes on it, the loss and named metrics, and how it is
/// validated. The loop does the rest: optimiser and schedule, dispose scopes, checkpoints and exact resume,
/// time limit, cancellation, progress and logging.
/// </summary>
internal abstract class TrainingTask
{
    /// <summary>The network being trained (its state goes into checkpoints).</summary>
    public abstract nn.Module Network { get; }

    /// <summary>The parameters the optimiser updates (all of the network's by default; a family may freeze some).</summary>
    public virtual IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters => Network.parameters();

    /// <summary>Optimisation steps in one epoch.</summary>
    public abstract int StepsPerEpoch { get; }

    /// <summary>One line describing the training data for the log, e.g. "4,000 rows (10 groups), validating on 400 pairs".</summary>
    public abstract string Description { get; }

    /// <summary>Identifies the data for checkpoint fingerprints (counts, shapes, a probe of the values).</summary>
    public abstract string DataFingerprint { get; }

    /// <summary>
    /// Draws the epoch's samples and augmentation from <paramref name="random"/>, a generator seeded by the run's
    /// seed and the epoch alone, so that resuming at an epoch replays exactly what an uninterrupted run does.
    /// </summary>
    public abstract void BeginEpoch(int epoch, Random random);

    /// <summary>
    /// Runs the network on the batch of step <paramref name="step"/> (inside the loop's dispose scope, in train
    /// mode) and returns the mean loss over the batch; adds the batch's example count and metric sums to
    /// <paramref name="metrics"/>.
    /// </summary>
    public abstract Tensor ComputeLoss(int epoch, int step, MetricTotals metrics);

    /// <summary>Metrics on held-out data after an epoch (the loop has set eval mode; no gradients), or null.</summary>
    public virtual IReadOnlyDictionary<string, double>? Validate() => null;

    /// <summary>
    /// Called once when training has ended (not when it failed or was cancelled), in eval and inference mode with the
    /// run's threads: the place to tune inference settings on held-out data. Nothing by default.
    /// </summary>
    public virtual void Finish()
    {
    }
}
