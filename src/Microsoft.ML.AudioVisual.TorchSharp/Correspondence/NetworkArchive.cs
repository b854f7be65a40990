using Microsoft.ML.AudioVisual.Models;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// What a correspondence model stores in its archive: options, input shapes, standardisation, the training
/// summary and the weights. Loading rebuilds the same module from the options (state-dict names must match),
/// loads the weights on the CPU, then moves the module to the device the context asks for.
/// </summary>
internal static class NetworkArchive
{
    private const string WeightsEntry = "weights.bin";

    public static void Save<TOptions>(ModelArchiveWriter writer, TOptions options, AvcInputShapes shapes, InputNormalization normalization,
        TrainingSummary? summary, nn.Module network)
    {
        writer.SetObject("options", options);
        writer.SetObject("shapes", shapes);
        writer.SetObject("normalization", normalization);
        writer.SetObject("training", summary);
        writer.AddEntry(WeightsEntry, stream =>
        {
            using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            network.save(w);
        });
    }

    public static (TOptions Options, AvcInputShapes Shapes, InputNormalization Normalization, TNetwork Network, Device Device) Load<TOptions, TNetwork>(
        MLContext context, ModelArchiveReader reader, string component, Func<TOptions, AvcInputShapes, TNetwork> create)
        where TNetwork : AvcNetwork
    {
        var options = reader.GetObject<TOptions>("options");
        var shapes = reader.GetObject<AvcInputShapes>("shapes");
        var normalization = reader.GetObject<InputNormalization>("normalization");
        var weights = reader.ReadEntry(WeightsEntry);
        var network = create(options, shapes);
        try
        {
            using (var r = new BinaryReader(new MemoryStream(weights)))
                network.load(r);
            var device = TorchDevices.Select(context, new ComponentLog(context, component));
            network.to(device);
            network.eval();
            return (options, shapes, normalization, network, device);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            network.Dispose();
            throw new InvalidDataException($"the weights do not fit the {component} network these options describe ({IO.PrintableText.Of(e.Message)})", e);
        }
    }
}
