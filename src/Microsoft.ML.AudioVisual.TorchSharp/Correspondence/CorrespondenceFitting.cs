using System.Text.Json;
using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.AudioVisual.Models;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>A trained correspondence network and what the transformer needs to run it.</summary>
internal sealed record FittedNetwork<TNetwork>(TNetwork Network, AvcInputShapes Shapes, InputNormalization Normalization, Device Device, TrainingSummary Summary)
    where TNetwork : AvcNetwork;

/// <summary>
/// The part of <c>Fit</c> every correspondence estimator shares: check the schema, read the rows, pick the
/// device and seed, build the network, train it, and dispose it if anything fails.
/// </summary>
internal static class CorrespondenceFitting
{
    /// <param name="context">The ML.NET context (seed, GPU settings, log).</param>
    /// <param name="options">Columns and training settings.</param>
    /// <param name="log">Where progress goes.</param>
    /// <param name="input">Training rows.</param>
    /// <param name="createNetwork">Builds the network for the input shapes (after the torch seed is set).</param>
    /// <param name="normalization">A fixed input standardisation (e.g. of the model a network starts from), or null to fit one.</param>
    /// <param name="calibrateHead">Whether the first batch sets the head's initial values.</param>
    public static FittedNetwork<TNetwork> Fit<TNetwork>(MLContext context, CorrespondenceTrainingOptions options, ComponentLog log, IDataView input,
        Func<AvcInputShapes, TNetwork> createNetwork, InputNormalization? normalization = null, bool calibrateHead = true)
        where TNetwork : AvcNetwork
    {
        ArgumentNullException.ThrowIfNull(input);
        AvcInputShapes.FromSchema(input.Schema, options.VisualColumnName, options.AudioColumnName);
        if (options.GroupColumnName is string group) SchemaErrors.Require(input.Schema, group);
        int seed = options.Seed ?? log.Host.Rand.Next();
        using var threads = TorchThreads.Use(options.Threads);
        var device = TorchDevices.Select(context, log);
        var data = AvcExampleSet.Read(input, options.VisualColumnName, options.AudioColumnName, options.GroupColumnName, options.CancellationToken);
        normalization ??= data.FitNormalization();

        random.manual_seed(seed);
        var network = createNetwork(data.Shapes);
        try
        {
            network.to(device);
            var trainer = new CorrespondenceTrainer(options, log, device, seed);
            var summary = trainer.Train(network, data, normalization, Fingerprint(options, seed, data), calibrateHead);
            return new FittedNetwork<TNetwork>(network, data.Shapes, normalization, device, summary);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Identifies a run (settings that shape training, seed, data) so that only the same run resumes from a checkpoint.</summary>
    private static string Fingerprint(CorrespondenceTrainingOptions options, int seed, AvcExampleSet data)
    {
        var settings = JsonSerializer.SerializeToNode(options, options.GetType(), ModelArchive.Json)!.AsObject();
        foreach (var free in new[] { "epochs", "maxTrainingTime", "checkpointDirectory", "threads", "inferenceBatchSize" }) settings.Remove(free);
        double probe = 0;
        for (int i = 0; i < data.Visual.Length; i += 9973) probe += data.Visual[i];
        for (int i = 0; i < data.Audio.Length; i += 9973) probe += data.Audio[i];
        return $"{options.GetType().Name}|{settings.ToJsonString()}|seed={seed}|rows={data.Count}|shapes={data.Shapes}|probe={probe:R}";
    }
}
