using Microsoft.ML.AudioVisual.Correspondence;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// ONNX export of an <see cref="AvcEmbeddingTransformer"/>: <c>audio.onnx</c> (spectrograms to audio embeddings),
/// <c>visual.onnx</c> (images or clips to visual embeddings) and <c>head.onnx</c> (a pair of embeddings to the
/// correspondence probability). Inputs and outputs are named after the transformer's columns, so the three chain in
/// an ML.NET pipeline as the transformer's outputs do. The input standardisation is the graphs' first step.
/// </summary>
internal static class AvcEmbeddingOnnxExport
{
    public static OnnxExportPackage Build(AvcEmbeddingTransformer transformer)
    {
        var network = transformer.Network;
        var options = transformer.Options;
        var shapes = transformer.Shapes;
        var norm = transformer.Normalization;
        var side = Sides.Of(network);
        int dim = network.EmbeddingDimension;
        var batch = OnnxGraphBuilder.Batch;
        string audioEmbedding = options.AudioEmbeddingColumnName, visualEmbedding = options.VisualEmbeddingColumnName;
        string score = options.ScoreColumnName ?? AvcEmbeddingOptions.Defaults.ScoreColumnName;

        var audio = new TorchOnnxEmitter(new OnnxGraphBuilder("audio"));
        var spectrogram = audio.Graph.Input(options.AudioColumnName, batch, shapes.AudioBins, shapes.AudioFrames);
        var audioInput = audio.Reshape(audio.Standardise(spectrogram, norm.AudioMean, norm.AudioStd, "audio"), -1, 1, shapes.AudioBins, shapes.AudioFrames);
        audio.Graph.Output(side.Embed(audio, audioInput, "audio"), audioEmbedding, batch, dim);

        var visual = new TorchOnnxEmitter(new OnnxGraphBuilder("visual"));
        OnnxDimension[] visualShape = shapes.Frames == 1
            ? [batch, shapes.Channels, shapes.Height, shapes.Width]
            : [batch, shapes.Frames, shapes.Channels, shapes.Height, shapes.Width];
        var images = visual.Graph.Input(options.VisualColumnName, visualShape);
        var visualInput = visual.Reshape(visual.Standardise(images, norm.VisualMean, norm.VisualStd, "visual"), -1, shapes.Channels, shapes.Height, shapes.Width);
        var embedded = side.Embed(visual, visualInput, "visual");
        if (shapes.Frames > 1)
        {
            // Clips: the frames are embedded as one batch, then pooled per clip as AvcNetwork.PoolFrames does.
            var perClip = visual.Reshape(embedded, -1, shapes.Frames, dim);
            var mean = visual.Graph.Node("ReduceMean", [perClip], OnnxAttribute.Of("axes", new[] { 1L }), OnnxAttribute.Of("keepdims", 0L));
            embedded = side.Normalized ? visual.L2Normalize(mean, 1) : mean;
        }
        visual.Graph.Output(embedded, visualEmbedding, batch, dim);

        var head = new TorchOnnxEmitter(new OnnxGraphBuilder("head"));
        var v = head.Graph.Input(visualEmbedding, batch, dim);
        var a = head.Graph.Input(audioEmbedding, batch, dim);
        var probabilities = head.Graph.Node("Softmax", [side.Correspondence(head, v, a)], OnnxAttribute.Of("axis", 1L));
        head.Graph.Output(head.Graph.Node("Gather", [probabilities, head.Graph.LongScalar("corresponds", 1)], OnnxAttribute.Of("axis", 1L)), score, batch);

        string architecture = network.GetType().Name;
        string standardised = "standardised inside the graph";
        string embeddingText = side.Normalized ? $"{dim}-d L2-normalised embedding" : $"{dim}-d embedding (globally max-pooled tower features)";
        var networks = new[]
        {
            new ExportedNetwork("audio", $"{architecture} audio tower and head: spectrogram to audio embedding.", audio.Graph.Build($"{architecture} audio embedding"),
                [$"raw spectrogram [bins {shapes.AudioBins}, frames {shapes.AudioFrames}] as the audio front-end makes it ({standardised})"], [embeddingText]),
            new ExportedNetwork("visual", $"{architecture} visual tower and head: {(shapes.Frames == 1 ? "image" : $"clip of {shapes.Frames} frames")} to visual embedding.", visual.Graph.Build($"{architecture} visual embedding"),
                [$"raw planar pixels {(shapes.Frames == 1 ? "" : "[frames, ")}[channels {shapes.Channels}, height {shapes.Height}, width {shapes.Width}] in [0, 1] ({standardised})"], [embeddingText]),
            new ExportedNetwork("head", $"{architecture} correspondence head: visual and audio embeddings to the probability that they belong together.", head.Graph.Build($"{architecture} correspondence"),
                ["visual embedding", "audio embedding"], ["probability that the image and the sound correspond"]),
        };
        return OnnxExportPackage.Create(AvcEmbeddingTransformer.ModelKindName, networks, m => m with
        {
            Architecture = architecture,
            AudioFrontEnd = transformer.AudioFrontEnd,
            Image = new OnnxImageInput(shapes.Frames, shapes.Channels, shapes.Height, shapes.Width),
            EmbeddingDimension = dim,
            Standardisation = new OnnxInputStandardisation(norm.VisualMean, norm.VisualStd, norm.AudioMean, norm.AudioStd),
        });
    }

    /// <summary>The forward pass of each architecture, step for step as <see cref="AvcNetwork"/>'s implementations.</summary>
    private abstract class Sides
    {
        /// <summary>True when embeddings are L2-normalised (AVE-Net).</summary>
        public abstract bool Normalized { get; }

        /// <summary>Tower, pooling and head of <paramref name="side"/> (<c>audio</c> or <c>visual</c>).</summary>
        public abstract string Embed(TorchOnnxEmitter emitter, string input, string side);

        /// <summary>Correspondence logits <c>[B, 2]</c> from paired embeddings.</summary>
        public abstract string Correspondence(TorchOnnxEmitter emitter, string visual, string audio);

        public static Sides Of(AvcNetwork network) => network switch
        {
            AveNet ave => new AveNetSides(ave),
            L3Net l3 => new L3NetSides(l3),
            _ => throw new NotSupportedException($"ONNX export of {network.GetType().Name} correspondence networks is not implemented."),
        };
    }

    private sealed class AveNetSides(AveNet network) : Sides
    {
        public override bool Normalized => true;

        public override string Embed(TorchOnnxEmitter emitter, string input, string side)
        {
            var pooled = emitter.GlobalMaxPool(emitter.Module(TorchOnnxEmitter.Child(network, side), input, side));
            return emitter.L2Normalize(emitter.Module(TorchOnnxEmitter.Child(network, $"{side}Head"), pooled, $"{side}Head"), 1);
        }

        public override string Correspondence(TorchOnnxEmitter emitter, string visual, string audio)
        {
            // AveNet.Distance: sqrt(sum((v - a)^2) + 1e-12), then the FC(1 -> 2).
            var g = emitter.Graph;
            var difference = g.Node("Sub", [visual, audio]);
            var squares = g.Node("ReduceSum", [g.Node("Mul", [difference, difference]), g.Longs("axes", 1)], OnnxAttribute.Of("keepdims", 1L));
            var distance = g.Node("Sqrt", [g.Node("Add", [squares, g.Scalar("distance.epsilon", 1e-12f)])]);
            return emitter.Module(TorchOnnxEmitter.Child(network, "distanceHead"), distance, "distanceHead");
        }
    }

    private sealed class L3NetSides(L3Net network) : Sides
    {
        public override bool Normalized => false;

        public override string Embed(TorchOnnxEmitter emitter, string input, string side) =>
            emitter.GlobalMaxPool(emitter.Module(TorchOnnxEmitter.Child(network, side), input, side));

        public override string Correspondence(TorchOnnxEmitter emitter, string visual, string audio) =>
            emitter.Module(TorchOnnxEmitter.Child(network, "fusion"), emitter.Graph.Node("Concat", [visual, audio], OnnxAttribute.Of("axis", 1L)), "fusion");
    }
}
