using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests;

[Collection(TorchCollection.Name)]
public sealed class TorchSmokeTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using var zeros = TorchSharp.torch.zeros(1);
        Assert.Equal(0f, zeros.item<float>());
    }
}
