using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>A trained network and what was learned about the run.</summary>
internal sealed record FittedNetwork<TNetwork>(TNetwork Network, Device Device, TrainingSummary Summary) where TNetwork : nn.Module;

/// <summary>
/// The part of every estimator's <c>Fit</c> that does not depend on the family: resolve the seed, set the
/// threads, pick the device, seed torch and build the network, train it through the family's task in the
/// shared loop, and dispose the network if anything fails.
/// </summary>
internal static class TorchFitting
{
    /// <param name="context">The ML.NET context (seed, GPU settings).</param>
    /// <param name="options">Training settings.</param>
    /// <param name="log">Where progress goes.</param>
    /// <param name="createNetwork">Builds the network (called after the torch seed is set, on the CPU).</param>
    /// <param name="createTask">Makes the family's task for the network on the device, with the run's seed.</param>
    public static FittedNetwork<TNetwork> Fit<TNetwork>(MLContext context, TrainingOptionsBase options, ComponentLog log,
        Func<TNetwork> createNetwork, Func<TNetwork, Device, int, TrainingTask> createTask)
        where TNetwork : nn.Module
    {
        int seed = options.Seed ?? log.Host.Rand.Next();
        using var threads = TorchThreads.Use(options.Threads);
        var device = TorchDevices.Select(context, log);
        random.manual_seed(seed);
        var network = createNetwork();
        try
        {
            network.to(device);
            var task = createTask(network, device, seed);
            var fingerprint = RunFingerprint.Of(options, seed, $"{task.DataFingerprint}|weights={WeightsProbe(network)}");
            var summary = new TrainingLoop(options, log, device, seed).Run(task, fingerprint);
            network.eval();
            using (inference_mode()) task.Finish();
            return new FittedNetwork<TNetwork>(network, device, summary);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>A checksum of the initial weights: a run started from other weights (another start model) is another run.</summary>
    private static string WeightsProbe(nn.Module network)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double sum = 0;
        foreach (var parameter in network.parameters()) sum += parameter.abs().sum().to(CPU).item<float>();
        return sum.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}
