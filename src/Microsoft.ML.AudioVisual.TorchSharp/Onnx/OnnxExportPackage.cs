namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>What a family exporter produces: the networks and the manifest that describes them.</summary>
/// <param name="Manifest">The manifest, whose <see cref="OnnxExportManifest.Networks"/> describe <paramref name="Networks"/>.</param>
/// <param name="Networks">The graphs, one file each.</param>
internal sealed record OnnxExportPackage(OnnxExportManifest Manifest, IReadOnlyList<ExportedNetwork> Networks)
{
    /// <summary>
    /// Writes one <c>.onnx</c> file per network and then <c>model.json</c> into <paramref name="directory"/> (created
    /// when missing), each file atomically; the manifest comes last, so a folder that has one is complete.
    /// </summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var network in Networks) OnnxModelWriter.Write(network.Graph, Path.Combine(directory, network.FileName));
        Manifest.Write(directory);
    }

    /// <summary>A manifest for <paramref name="networks"/> with the format fields filled in.</summary>
    public static OnnxExportPackage Create(string modelKind, IReadOnlyList<ExportedNetwork> networks, Func<OnnxExportManifest, OnnxExportManifest> details) =>
        new(details(new OnnxExportManifest
        {
            ModelKind = modelKind,
            IrVersion = OnnxModelWriter.IrVersion,
            OpsetVersion = OnnxModelWriter.OpsetVersion,
            BatchDimension = OnnxGraphBuilder.BatchDimension,
            Networks = networks.Select(n => n.Describe()).ToArray(),
        }), networks);
}
