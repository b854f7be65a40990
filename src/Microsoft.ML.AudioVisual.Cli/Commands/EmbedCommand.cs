using System.CommandLine;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl embed --model MODEL (--audio|--image) INPUTS --out X.npy</c>: float32 <c>[N, D]</c> embeddings, one row per input file.</summary>
internal static class EmbedCommand
{
    public static Command Create(CliOutput io)
    {
        var model = new Option<string>("--model") { Description = "An AvcEmbedding model file, or a folder exported with 'avl export onnx' (served by ONNX Runtime).", Required = true };
        var audio = new Option<bool>("--audio") { Description = "Embed sounds (WAV or any FFmpeg audio)." };
        var image = new Option<bool>("--image") { Description = "Embed images (PNG, JPEG, ...)." };
        var inputs = new Argument<string[]>("INPUTS") { Description = "Files, or folders of files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Output .npy, float32 [N, D].", Required = true };
        var command = new Command("embed", "Embed sounds or images with a trained AvcEmbedding model.") { model, audio, image, inputs, output };
        command.SetAction(parse => io.Guard(() =>
        {
            bool isAudio = parse.GetValue(audio), isImage = parse.GetValue(image);
            if (isAudio == isImage) throw new CliUsageException("Give exactly one of --audio and --image.");
            var context = new MLContext(seed: 0);
            using var embedder = EmbeddingModel.Open(context, parse.GetValue(model)!);
            var files = ModelInputFiles.Expand(parse.GetValue(inputs)!, isAudio ? MediaModality.Audio : MediaModality.Image);
            var values = files.Select(f => isAudio
                ? ModelInputFiles.Spectrogram(f, embedder.FrontEnd, parse.GetValue(model)!)
                : ModelInputFiles.Image(f, embedder.Channels, embedder.Height, embedder.Width)).ToList();
            var embeddings = isAudio ? embedder.EmbedAudio(values) : embedder.EmbedImages(values);
            var flat = embeddings.SelectMany(e => e).ToArray();
            var outPath = parse.GetValue(output)!;
            NpyFile.Write(outPath, flat, embeddings.Length, embedder.Dimension);
            for (int i = 0; i < files.Count; i++) io.Out.WriteLine($"{i}\t{files[i]}");
            io.Out.WriteLine($"Wrote [{embeddings.Length}, {embedder.Dimension}] float32 to {outPath}");
            return 0;
        }));
        return command;
    }
}
