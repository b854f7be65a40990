using Microsoft.ML.AudioVisual.Onnx;

namespace Microsoft.ML.AudioVisual;

/// <summary>Serving of exported models from <c>mlContext.AudioVisual()</c>.</summary>
public static class AudioVisualCatalogOnnxExtensions
{
    /// <summary>Opens an exported model folder (<c>model.json</c> plus <c>.onnx</c> files) for use in ML.NET pipelines.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="directory">The folder written by <c>ExportOnnx</c> or <c>avl export onnx</c>.</param>
    /// <exception cref="FileNotFoundException">The folder has no <c>model.json</c>.</exception>
    /// <exception cref="InvalidDataException">The manifest is damaged or names a missing file.</exception>
    public static OnnxAudioVisualModel LoadOnnxModel(this AudioVisualCatalog catalog, string directory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new OnnxAudioVisualModel(catalog.Context, directory);
    }
}
