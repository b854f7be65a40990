using System.CommandLine;
using Microsoft.ML.AudioVisual.Torch;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl export onnx --model MODEL --out DIR</c>: one <c>.onnx</c> file per trained network plus <c>model.json</c>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliOutput io)
    {
        var command = new Command("export", "Export a trained model for serving without TorchSharp.");
        command.Subcommands.Add(CreateOnnx(io));
        return command;
    }

    private static Command CreateOnnx(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "A trained model file (AvcEmbedding or SoundLocalizer).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write (created when missing).", Required = true };
        var command = new Command("onnx", "Write each network as ONNX (IR 8, opset 17) plus model.json, for ApplyOnnxModel or any ONNX runtime.") { model, output };
        command.SetAction(parse => io.Guard(() =>
        {
            var context = new MLContext(seed: 0);
            var modelPath = parse.GetValue(model)!;
            using var transformer = context.AudioVisual().LoadTransformer(modelPath) as TorchTransformerBase
                ?? throw new CliUsageException($"'{modelPath}' is not a trained network model; only AvcEmbedding and SoundLocalizer models export to ONNX.");
            var directory = parse.GetValue(output)!;
            var manifest = transformer.ExportOnnx(directory);
            foreach (var network in manifest.Networks)
                io.Out.WriteLine($"{network.File}\t{string.Join(", ", network.Inputs.Select(Describe))} -> {string.Join(", ", network.Outputs.Select(Describe))}");
            io.Out.WriteLine($"Wrote {manifest.ModelKind} ({manifest.Architecture}) as ONNX IR {manifest.IrVersion}, opset {manifest.OpsetVersion}, to {directory}");
            return 0;
        }));
        return command;
    }

    private static string Describe(Onnx.OnnxTensorDescription tensor) =>
        $"{tensor.Name} [{string.Join(", ", tensor.Shape.Select(d => d < 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
