using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Onnx;

/// <summary>
/// Writes the ONNX nodes of trained TorchSharp modules into an <see cref="OnnxGraphBuilder"/>: the layers the
/// networks are made of (Conv, BatchNorm in inference form, ReLU/LeakyReLU, Sigmoid, MaxPool, Linear, Sequential
/// chains, conv towers) and the few functional steps between them (standardisation, global max pooling, L2
/// normalisation). Weights and BatchNorm running statistics become initializers named after the module path.
/// Family exporters compose these calls in the order of the network's forward pass.
/// </summary>
internal sealed class TorchOnnxEmitter(OnnxGraphBuilder graph)
{
    /// <summary>The epsilon of <c>nn.functional.normalize</c>: <c>x / max(||x||, eps)</c>.</summary>
    public const float NormalizeEpsilon = 1e-12f;

    /// <summary>The graph written to.</summary>
    public OnnxGraphBuilder Graph { get; } = graph;

    /// <summary>
    /// Applies <paramref name="module"/> to <paramref name="input"/>; <paramref name="path"/> names its weights.
    /// Containers are walked in registration order, which is their forward order for <see cref="Sequential"/> and
    /// <see cref="ConvTower"/>; any other container is refused rather than guessed.
    /// </summary>
    /// <exception cref="NotSupportedException">The module has no ONNX translation here; the message names it.</exception>
    public string Module(nn.Module module, string input, string path) => module switch
    {
        Sequential or ConvTower => module.named_children().Aggregate(input, (x, child) => Module(child.module, x, $"{path}.{child.name}")),
        Conv2d conv => Conv(conv, input, path),
        BatchNormalization norm => BatchNorm(norm, input, path),
        Linear linear => Gemm(linear, input, path),
        ReLU => Graph.Node("Relu", [input]),
        LeakyReLU leaky => Graph.Node("LeakyRelu", [input], OnnxAttribute.Of("alpha", (float)leaky.negative_slope)),
        Sigmoid => Graph.Node("Sigmoid", [input]),
        MaxPool2d pool => MaxPool(pool, input),
        _ => throw new NotSupportedException($"ONNX export: module '{path}' of type {module.GetType().Name} has no translation."),
    };

    /// <summary>The registered child <paramref name="name"/> of <paramref name="module"/>.</summary>
    /// <exception cref="InvalidOperationException">No such child (the network's layout changed).</exception>
    public static nn.Module Child(nn.Module module, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new InvalidOperationException($"ONNX export: {module.GetType().Name} has no submodule '{name}' (it has {string.Join(", ", module.named_children().Select(c => c.name))}).");

    /// <summary><c>(x - mean) * (1 / std)</c>, computed exactly as the inference engines stage their inputs.</summary>
    public string Standardise(string input, float mean, float std, string name)
    {
        var shifted = Graph.Node("Sub", [input, Graph.Scalar($"{name}.mean", mean)]);
        return Graph.Node("Mul", [shifted, Graph.Scalar($"{name}.inverse_std", 1f / std)]);
    }

    /// <summary><c>x.amax([2, 3])</c>: <c>[B, C, h, w]</c> to <c>[B, C]</c>.</summary>
    public string GlobalMaxPool(string input) =>
        Graph.Node("Flatten", [Graph.Node("GlobalMaxPool", [input])], OnnxAttribute.Of("axis", 1L));

    /// <summary><c>nn.functional.normalize(x, p: 2, dim: axis)</c>: <c>x / max(||x||, 1e-12)</c> along <paramref name="axis"/>.</summary>
    public string L2Normalize(string input, long axis)
    {
        var norm = Graph.Node("ReduceL2", [input], OnnxAttribute.Of("axes", new[] { axis }), OnnxAttribute.Of("keepdims", 1L));
        var clamped = Graph.Node("Max", [norm, Graph.Scalar("normalize.epsilon", NormalizeEpsilon)]);
        return Graph.Node("Div", [input, clamped]);
    }

    /// <summary>Reshapes to <paramref name="shape"/> (0 keeps a dimension, -1 infers one).</summary>
    public string Reshape(string input, params long[] shape) => Graph.Node("Reshape", [input, Graph.Longs("shape", shape)]);

    /// <summary>The float values of a tensor (any device), row-major.</summary>
    public static float[] Values(Tensor tensor)
    {
        using var cpu = tensor.detach().to(CPU).contiguous();
        return cpu.data<float>().ToArray();
    }

    private string Conv(Conv2d conv, string input, string path)
    {
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding_type is not null)
            throw new NotSupportedException($"ONNX export: convolution '{path}' uses {conv.padding_mode} padding{(conv.padding_type is null ? "" : $" ({conv.padding_type})")}; only explicit zero padding is exported.");
        var weight = conv.weight!;
        var inputs = new List<string> { Graph.Weight($"{path}.weight", Values(weight), weight.shape) };
        if (conv.bias is { } bias) inputs.Add(Graph.Weight($"{path}.bias", Values(bias), bias.shape));
        var pad = conv.padding ?? new long[conv.kernel_size.Length];
        long[] padding = [.. pad, .. pad];
        return Graph.Node("Conv", [input, .. inputs],
            OnnxAttribute.Of("kernel_shape", conv.kernel_size),
            OnnxAttribute.Of("strides", conv.stride),
            OnnxAttribute.Of("pads", padding),
            OnnxAttribute.Of("dilations", conv.dilation),
            OnnxAttribute.Of("group", conv.groups));
    }

    private string BatchNorm(BatchNormalization norm, string input, string path)
    {
        // Inference form: y = (x - running_mean) / sqrt(running_var + eps) * weight + bias.
        int channels = (int)norm.Features;
        return Graph.Node("BatchNormalization",
            [input, Graph.Weight($"{path}.weight", Values(norm.Weight), channels), Graph.Weight($"{path}.bias", Values(norm.Bias), channels),
             Graph.Weight($"{path}.running_mean", Values(norm.RunningMean), channels), Graph.Weight($"{path}.running_var", Values(norm.RunningVariance), channels)],
            OnnxAttribute.Of("epsilon", (float)BatchNormalization.Epsilon));
    }

    private string Gemm(Linear linear, string input, string path)
    {
        var weight = linear.weight!;
        var inputs = new List<string> { input, Graph.Weight($"{path}.weight", Values(weight), weight.shape) };
        if (linear.bias is { } bias) inputs.Add(Graph.Weight($"{path}.bias", Values(bias), bias.shape));
        return Graph.Node("Gemm", [.. inputs], OnnxAttribute.Of("transB", 1L));
    }

    private string MaxPool(MaxPool2d pool, string input)
    {
        var kernel = pool.kernel_size;
        var stride = pool.stride is { Length: > 0 } s ? s : kernel;
        var padding = pool.padding is { Length: > 0 } p ? p : new long[kernel.Length];
        var dilation = pool.dilation is { Length: > 0 } d ? d : Enumerable.Repeat(1L, kernel.Length).ToArray();
        return Graph.Node("MaxPool", [input],
            OnnxAttribute.Of("kernel_shape", kernel),
            OnnxAttribute.Of("strides", stride),
            OnnxAttribute.Of("pads", [.. padding, .. padding]),
            OnnxAttribute.Of("dilations", dilation),
            OnnxAttribute.Of("ceil_mode", pool.ceil_mode ? 1L : 0L));
    }
}
