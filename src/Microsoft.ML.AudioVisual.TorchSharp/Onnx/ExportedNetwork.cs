namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>One network of an export: its graph, and what <c>model.json</c> says about it and its inputs and outputs.</summary>
/// <param name="Name">Name within the model; the file is <c>{Name}.onnx</c>.</param>
/// <param name="Description">What the network computes.</param>
/// <param name="Graph">The graph.</param>
/// <param name="InputDescriptions">One description per graph input, in order.</param>
/// <param name="OutputDescriptions">One description per graph output, in order.</param>
internal sealed record ExportedNetwork(string Name, string Description, OnnxGraph Graph,
    IReadOnlyList<string> InputDescriptions, IReadOnlyList<string> OutputDescriptions)
{
    /// <summary>The file name in the exported folder.</summary>
    public string FileName => $"{Name}.onnx";

    /// <summary>The manifest entry.</summary>
    public OnnxNetworkDescription Describe() => new(Name, FileName, Description,
        Describe(Graph.Inputs, InputDescriptions, "input"), Describe(Graph.Outputs, OutputDescriptions, "output"));

    private OnnxTensorDescription[] Describe(IReadOnlyList<OnnxValueInfo> values, IReadOnlyList<string> descriptions, string what)
    {
        if (values.Count != descriptions.Count)
            throw new InvalidOperationException($"Network '{Name}' has {values.Count} {what}s but {descriptions.Count} descriptions.");
        return values.Select((v, i) => new OnnxTensorDescription(v.Name, v.Shape.Select(d => d.Symbol is null ? d.Size : -1).ToArray(), descriptions[i])).ToArray();
    }
}
