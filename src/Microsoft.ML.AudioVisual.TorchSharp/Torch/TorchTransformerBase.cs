using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Torch;

/// <summary>
/// Base of the library's trained transformers: owns the network (native memory: dispose the transformer),
/// runs it for inference through one <see cref="InferenceRunner"/>, and saves it with its options, training
/// summary and weights; each family adds what its input needs (shapes, standardisation, front-end).
/// </summary>
public abstract class TorchTransformerBase : AudioVisualTransformerBase, IDisposable
{
    private const string WeightsEntry = "weights.bin";
    private readonly nn.Module _network;
    private bool _disposed;

    private protected TorchTransformerBase(nn.Module network, Device device, TrainingSummary? summary)
    {
        _network = network;
        TrainingSummary = summary;
        Inference = new InferenceRunner(network, device, GetType().Name);
    }

    /// <summary>What training did (null for a loaded model).</summary>
    public TrainingSummary? TrainingSummary { get; }

    /// <summary>Runs the network for inference, a batch per call.</summary>
    private protected InferenceRunner Inference { get; }

    /// <summary>The options to save with the model.</summary>
    private protected abstract object SavedOptions { get; }

    /// <summary>Writes what the family needs besides options, summary and weights (input shapes, standardisation, ...).</summary>
    private protected abstract void SaveFamilyContents(ModelArchiveWriter writer);

    private protected sealed override void SaveContents(ModelArchiveWriter writer)
    {
        ThrowIfDisposed();
        writer.Manifest["options"] = System.Text.Json.JsonSerializer.SerializeToNode(SavedOptions, SavedOptions.GetType(), ModelArchive.Json);
        writer.SetObject("training", TrainingSummary);
        SaveFamilyContents(writer);
        writer.AddEntry(WeightsEntry, stream =>
        {
            using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            _network.save(w);
        });
    }

    /// <summary>
    /// Rebuilds a saved network: <paramref name="create"/> makes the module the saved options describe (state-dict
    /// names must match), the weights load on the CPU, then the module moves to the device the context asks for.
    /// </summary>
    private protected static (TNetwork Network, Device Device) LoadNetwork<TNetwork>(MLContext context, ModelArchiveReader reader, string component, Func<TNetwork> create)
        where TNetwork : nn.Module
    {
        var weights = reader.ReadEntry(WeightsEntry);
        var network = create();
        try
        {
            using (var r = new BinaryReader(new MemoryStream(weights)))
                network.load(r);
            var device = TorchDevices.Select(context, new ComponentLog(context, component));
            network.to(device);
            network.eval();
            return (network, device);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            network.Dispose();
            throw new InvalidDataException($"the weights do not fit the {component} network these options describe ({PrintableText.Of(e.Message)})", e);
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> naming this transformer once it is disposed.</summary>
    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Frees the network's native memory; the transformer cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Inference.Close();
        _network.Dispose();
        GC.SuppressFinalize(this);
    }
}
