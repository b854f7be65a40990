using Microsoft.ML.AudioVisual.Onnx;
using Microsoft.ML.AudioVisual.Torch;

namespace Microsoft.ML.AudioVisual;

/// <summary>ONNX export of the library's trained transformers (<c>transformer.ExportOnnx(directory)</c>).</summary>
public static class TorchOnnxExportExtensions
{
    /// <summary>
    /// Writes the trained networks as ONNX files (IR version 8, opset 17, a symbolic batch dimension, BatchNorm in
    /// inference form, weights as initializers, the input standardisation inside the graphs) and <c>model.json</c>
    /// describing them, into <paramref name="directory"/>. The folder is served without TorchSharp by the
    /// Microsoft.ML.AudioVisual.Onnx package (<c>mlContext.AudioVisual().LoadOnnxModel(directory)</c>) or by any
    /// ONNX runtime.
    /// </summary>
    /// <param name="transformer">A trained AvcEmbedding or SoundLocalizer transformer.</param>
    /// <param name="directory">The output folder (created when missing; files in it are replaced).</param>
    /// <returns>The manifest written.</returns>
    /// <exception cref="NotSupportedException">The transformer's family or one of its layers has no ONNX export.</exception>
    /// <exception cref="ObjectDisposedException">The transformer was disposed.</exception>
    public static OnnxExportManifest ExportOnnx(this TorchTransformerBase transformer, string directory)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var package = OnnxExportFamilies.Build(transformer);
        package.Write(directory);
        return package.Manifest;
    }
}
