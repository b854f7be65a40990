using Microsoft.ML.AudioVisual.Localization;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// ONNX export of a <see cref="SoundLocalizerTransformer"/>: <c>heatmap.onnx</c> maps an image and a spectrogram to
/// the heat map (sigmoid of the calibrated per-cell correspondence) and the image-level score (sigmoid of its
/// maximum), as <see cref="LocalizerInferenceEngine"/> does. The image size is the trained one (fixed, as ML.NET
/// vector columns are); inputs and outputs are named after the transformer's columns.
/// </summary>
internal static class SoundLocalizerOnnxExport
{
    public static OnnxExportPackage Build(SoundLocalizerTransformer transformer)
    {
        var network = transformer.Network;
        var options = transformer.Options;
        var shapes = transformer.Shapes;
        var norm = transformer.Normalization;
        var (h, w) = transformer.CheckedGrid(shapes.Height, shapes.Width);
        var batch = OnnxGraphBuilder.Batch;

        var e = new TorchOnnxEmitter(new OnnxGraphBuilder("heatmap"));
        var g = e.Graph;
        var image = g.Input(options.VisualColumnName, batch, shapes.Channels, shapes.Height, shapes.Width);
        var spectrogram = g.Input(options.AudioColumnName, batch, shapes.AudioBins, shapes.AudioFrames);

        // AvolNet.EmbedVisual: per-cell embeddings [B, D, h, w], unit length along D.
        var visualMap = e.Module(TorchOnnxEmitter.Child(network, "visual"), e.Standardise(image, norm.VisualMean, norm.VisualStd, "visual"), "visual");
        var cells = e.L2Normalize(e.Module(TorchOnnxEmitter.Child(network, "visualHead"), visualMap, "visualHead"), 1);
        // AvolNet.EmbedAudio: one embedding [B, D].
        var audioInput = e.Reshape(e.Standardise(spectrogram, norm.AudioMean, norm.AudioStd, "audio"), -1, 1, shapes.AudioBins, shapes.AudioFrames);
        var pooled = e.GlobalMaxPool(e.Module(TorchOnnxEmitter.Child(network, "audio"), audioInput, "audio"));
        var sound = e.L2Normalize(e.Module(TorchOnnxEmitter.Child(network, "audioHead"), pooled, "audioHead"), 1);
        // AvolNet.CorrespondenceMap: dot product per cell, then scale and bias.
        var soundPerCell = g.Node("Unsqueeze", [sound, g.Longs("axes", 2, 3)]);
        var similarity = g.Node("ReduceSum", [g.Node("Mul", [cells, soundPerCell]), g.Longs("axes", 1)], OnnxAttribute.Of("keepdims", 0L));
        var logits = g.Node("Add", [g.Node("Mul", [similarity, Parameter(e, network, "calibrationScale")]), Parameter(e, network, "calibrationBias")]);
        g.Output(g.Node("Sigmoid", [logits]), options.HeatmapColumnName, batch, h, w);
        var best = g.Node("ReduceMax", [logits], OnnxAttribute.Of("axes", new[] { 1L, 2L }), OnnxAttribute.Of("keepdims", 0L));
        g.Output(g.Node("Sigmoid", [best]), options.ScoreColumnName, batch);

        var networks = new[]
        {
            new ExportedNetwork("heatmap", "AVOL-Net: image and sound to the heat map of where the sound is, and the image-level correspondence score.",
                g.Build("AVOL-Net sound localisation"),
                [$"raw planar pixels [channels {shapes.Channels}, height {shapes.Height}, width {shapes.Width}] in [0, 1] (standardised inside the graph)",
                 $"raw spectrogram [bins {shapes.AudioBins}, frames {shapes.AudioFrames}] as the audio front-end makes it (standardised inside the graph)"],
                [$"heat map [{h}, {w}]: per-cell probability that the sound comes from there", "image-level score: the heat map's maximum"]),
        };
        return OnnxExportPackage.Create(SoundLocalizerTransformer.ModelKindName, networks, m => m with
        {
            Architecture = "AvolNet",
            AudioFrontEnd = transformer.AudioFrontEnd,
            Image = new OnnxImageInput(1, shapes.Channels, shapes.Height, shapes.Width),
            EmbeddingDimension = network.EmbeddingDimension,
            Standardisation = new OnnxInputStandardisation(norm.VisualMean, norm.VisualStd, norm.AudioMean, norm.AudioStd),
        });
    }

    private static string Parameter(TorchOnnxEmitter emitter, AvolNet network, string name)
    {
        var parameter = network.named_parameters().FirstOrDefault(p => p.name == name).parameter
            ?? throw new InvalidOperationException($"ONNX export: AvolNet has no parameter '{name}'.");
        return emitter.Graph.Weight(name, TorchOnnxEmitter.Values(parameter), parameter.shape);
    }
}
