namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// Builds an <see cref="OnnxGraph"/> node by node: each call returns the name of the value it produced, so graphs
/// read like the forward passes they mirror. Value and initializer names are made unique here.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    /// <summary>The name of the symbolic batch dimension of every exported input and output.</summary>
    public const string BatchDimension = "batch";

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    /// <summary>The symbolic batch dimension.</summary>
    public static OnnxDimension Batch => OnnxDimension.Symbolic(BatchDimension);

    /// <summary>Declares a float graph input.</summary>
    public string Input(string name, params OnnxDimension[] shape)
    {
        Claim(name);
        _inputs.Add(new OnnxValueInfo(name, OnnxElementType.Float, shape));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as the float graph output <paramref name="name"/> (through an Identity when the names differ).</summary>
    public void Output(string value, string name, params OnnxDimension[] shape)
    {
        if (value != name)
        {
            Claim(name);
            _nodes.Add(new OnnxNode(Numbered("Identity"), "Identity", [value], [name], []));
        }
        _outputs.Add(new OnnxValueInfo(name, OnnxElementType.Float, shape));
    }

    /// <summary>Adds a float initializer (weights); returns its unique name.</summary>
    public string Weight(string name, float[] values, params long[] dims)
    {
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"Initializer '{name}' has {values.Length} values but shape [{string.Join(", ", dims)}].", nameof(values));
        var unique = Unique(name);
        _initializers.Add(OnnxTensor.Of(unique, values, dims));
        return unique;
    }

    /// <summary>Adds a float scalar initializer (shape <c>[]</c>).</summary>
    public string Scalar(string name, float value)
    {
        var unique = Unique(name);
        _initializers.Add(OnnxTensor.Of(unique, [value]));
        return unique;
    }

    /// <summary>Adds a 1-D int64 initializer (a shape or a list of axes).</summary>
    public string Longs(string name, params long[] values)
    {
        var unique = Unique(name);
        _initializers.Add(OnnxTensor.OfLongs(unique, values, values.Length));
        return unique;
    }

    /// <summary>Adds an int64 scalar initializer (shape <c>[]</c>), for example an index that removes the axis it gathers on.</summary>
    public string LongScalar(string name, long value)
    {
        var unique = Unique(name);
        _initializers.Add(OnnxTensor.OfLongs(unique, [value]));
        return unique;
    }

    /// <summary>Applies <paramref name="opType"/> to <paramref name="inputs"/>; returns the name of its (single) output.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = Numbered(opType.ToLowerInvariant());
        _nodes.Add(new OnnxNode(Numbered(opType), opType, inputs, [output], attributes));
        return output;
    }

    /// <summary>The finished graph.</summary>
    public OnnxGraph Build(string docString)
    {
        if (_outputs.Count == 0) throw new InvalidOperationException($"Graph '{graphName}' has no outputs.");
        return new OnnxGraph(graphName, _nodes.ToArray(), _initializers.ToArray(), _inputs.ToArray(), _outputs.ToArray(), docString);
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"Graph '{graphName}' already has a value named '{name}'.", nameof(name));
    }

    // Initializers keep their (module path) names; a clash gets a numeric suffix.
    private string Unique(string name)
    {
        if (_names.Add(name)) return name;
        return Numbered(name);
    }

    // Operator outputs and node names are always numbered (relu_0, relu_1, ...).
    private string Numbered(string stem)
    {
        while (true)
        {
            int n = _counters.TryGetValue(stem, out var c) ? c : 0;
            _counters[stem] = n + 1;
            var candidate = $"{stem}_{n}";
            if (_names.Add(candidate)) return candidate;
        }
    }
}
