using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Training;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>
/// Trains a <see cref="SoundOfMotionsNetwork"/> on AV-MNIST-FSDD duets through the shared <see cref="TorchFitting"/> and
/// <see cref="TrainingLoop"/> (seed, threads, device, checkpoints and exact resume, time limit, cancellation, progress).
/// </summary>
internal static class SoundOfMotionsTraining
{
    /// <summary>Trains on the training takes of <paramref name="data"/> and validates on look-alike duets of its test takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The data has no training recordings.</exception>
    public static SoundOfMotionsTransformer Fit(MLContext context, AvMnistFsdd data, SoundOfMotionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        options = options.Clone();
        SoundOfMotionsTask? task = null;
        var fitted = TorchFitting.Fit(context, options, new ComponentLog(context, "SoundOfMotions"),
            () => new SoundOfMotionsNetwork(options.Architecture),
            (network, device, seed) => task = new SoundOfMotionsTask(network, data, options, device, seed));
        return new SoundOfMotionsTransformer(options, task!.Standardization, fitted.Network, fitted.Device, fitted.Summary);
    }
}
