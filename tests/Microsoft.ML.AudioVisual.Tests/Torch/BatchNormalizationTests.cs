using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Torch;

/// <summary>The library's batch normalisation computes what TorchSharp's BatchNorm2d/3d computes and saves the same state.</summary>
[Collection(TorchCollection.Name)]
public sealed class BatchNormalizationTests
{
    public static TheoryData<int> SpatialDimensions => new() { 2, 3 };

    [Theory]
    [MemberData(nameof(SpatialDimensions))]
    public void MatchesTorchSharpsBatchNormInTrainingAndEvalAndSavesTheSameState(int dimensions)
    {
        torch.manual_seed(5);
        using nn.Module<Tensor, Tensor> reference = dimensions == 2 ? nn.BatchNorm2d(3) : nn.BatchNorm3d(3);
        using var ours = new BatchNormalization(3);
        Assert.Equal(reference.state_dict().Keys.Order(), ours.state_dict().Keys.Order());
        foreach (var (key, value) in reference.state_dict())
            Assert.Equal(value.shape, ours.state_dict()[key].shape);
        using (no_grad())
        {
            // Non-trivial affine parameters in both.
            foreach (var (name, parameter) in reference.named_parameters()) ours.get_parameter(name)!.copy_(parameter.add_(torch.randn_like(parameter)));
        }

        long[] shape = dimensions == 2 ? [4, 3, 5, 5] : [4, 3, 2, 5, 5];
        reference.train();
        ours.train();
        for (int step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var input = torch.randn(shape) * 3 + 1;
            AssertClose(reference.forward(input), ours.forward(input));
        }
        foreach (var (key, value) in reference.state_dict())
            AssertClose(value.to_type(ScalarType.Float64), ours.state_dict()[key].to_type(ScalarType.Float64));
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());

        reference.eval();
        ours.eval();
        using var test = torch.randn(shape);
        AssertClose(reference.forward(test), ours.forward(test));
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        double gap = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(gap < 1e-5, $"The outputs differ by up to {gap}.");
    }
}
