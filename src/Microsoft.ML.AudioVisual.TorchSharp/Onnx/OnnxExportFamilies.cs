using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Torch;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// Which exporter handles which trained transformer. Adding a family is one exporter class (see
/// <see cref="AvcEmbeddingOnnxExport"/>: a graph per network, built with <see cref="TorchOnnxEmitter"/>) and one line here.
/// </summary>
internal static class OnnxExportFamilies
{
    public static OnnxExportPackage Build(TorchTransformerBase transformer) => transformer switch
    {
        AvcEmbeddingTransformer avc => AvcEmbeddingOnnxExport.Build(avc),
        SoundLocalizerTransformer localizer => SoundLocalizerOnnxExport.Build(localizer),
        _ => throw new NotSupportedException($"ONNX export is not implemented for {transformer.GetType().Name}."),
    };
}
