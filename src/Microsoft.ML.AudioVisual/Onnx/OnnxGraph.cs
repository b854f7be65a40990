namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>Element types of the tensors this library writes (values of ONNX's <c>TensorProto.DataType</c>).</summary>
internal enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>64-bit signed integer (shapes, axes, indices).</summary>
    Int64 = 7,
}

/// <summary>One dimension of a graph input or output: a fixed size, or a named symbolic size (the batch).</summary>
internal readonly record struct OnnxDimension(long Size, string? Symbol)
{
    /// <summary>A fixed dimension.</summary>
    public static implicit operator OnnxDimension(long size) => new(size, null);

    /// <summary>A symbolic dimension, for example <c>batch</c>.</summary>
    public static OnnxDimension Symbolic(string name) => new(-1, name);
}

/// <summary>A constant tensor (an initializer): weights, or the shapes and axes some operators take as inputs.</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, OnnxElementType Type, float[] Floats, long[] Longs)
{
    /// <summary>A float tensor; <paramref name="values"/> holds the elements in row-major order.</summary>
    public static OnnxTensor Of(string name, float[] values, params long[] dims) => new(name, dims, OnnxElementType.Float, values, []);

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor OfLongs(string name, long[] values, params long[] dims) => new(name, dims, OnnxElementType.Int64, [], values);
}

/// <summary>A graph input or output: name, element type and shape.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxElementType Type, OnnxDimension[] Shape);

/// <summary>An operator attribute; exactly one of the value fields is meaningful, as <see cref="Kind"/> says.</summary>
internal sealed record OnnxAttribute(string Name, OnnxAttributeKind Kind, long Int = 0, float Float = 0, long[]? Ints = null)
{
    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeKind.Int, Int: value);

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeKind.Float, Float: value);

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Of(string name, long[] values) => new(name, OnnxAttributeKind.Ints, Ints: values);
}

/// <summary>Attribute kinds used here (values of ONNX's <c>AttributeProto.AttributeType</c>).</summary>
internal enum OnnxAttributeKind
{
    /// <summary>One float.</summary>
    Float = 1,
    /// <summary>One integer.</summary>
    Int = 2,
    /// <summary>A list of integers.</summary>
    Ints = 7,
}

/// <summary>One operator application.</summary>
internal sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>A complete ONNX graph: what <see cref="OnnxModelWriter"/> serialises.</summary>
internal sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs, string DocString);
