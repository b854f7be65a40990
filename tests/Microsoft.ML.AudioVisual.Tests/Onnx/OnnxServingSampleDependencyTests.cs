using System.Text.Json.Nodes;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Onnx;

/// <summary>
/// The serving sample needs no TorchSharp: its resolved dependency graph (the deps.json the build writes beside it,
/// listing every package and project it loads) holds ApplyOnnxModel and ONNX Runtime and neither TorchSharp nor libtorch.
/// </summary>
public sealed class OnnxServingSampleDependencyTests
{
    [Fact]
    public void ServingSampleResolvesNoTorchSharp()
    {
        // The test project references the sample, so building the tests built the sample into its own bin folder.
        var deps = Path.Combine(SharedData.RepositoryRoot, "samples", "OnnxServing", "bin", DotnetCli.Configuration, "net10.0", "OnnxServing.deps.json");
        Assert.True(File.Exists(deps), $"the sample's {deps} is missing; build the solution in {DotnetCli.Configuration} first");
        var libraries = JsonNode.Parse(File.ReadAllText(deps))!["libraries"]!.AsObject().Select(p => p.Key.Split('/')[0]).ToList();

        Assert.Contains("Microsoft.ML.AudioVisual.Onnx", libraries);
        Assert.Contains("Microsoft.ML.OnnxTransformer", libraries);
        Assert.Contains("Microsoft.ML.OnnxRuntime", libraries);
        Assert.DoesNotContain(libraries, l => l.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || l.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Microsoft.ML.AudioVisual.TorchSharp", libraries);
    }
}
