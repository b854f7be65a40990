using Microsoft.ML.AudioVisual.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ScalarSafeAdamTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    public void StepsExactlyAsTorchSharpsAdamAndSavesTheSameState(double weightDecay)
    {
        var (expected, expectedState) = Train(parameters => optim.Adam(parameters, lr: 1e-2, weight_decay: weightDecay));
        var (actual, actualState) = Train(parameters => new ScalarSafe.Adam(parameters, 1e-2, weightDecay));
        Assert.Equal(expected, actual);
        // Saved state starts with the optimizer type's name, which TorchSharp checks on loading.
        Assert.Equal(expectedState, actualState);

        // A checkpoint written with TorchSharp's Adam (before this class) resumes into it.
        torch.manual_seed(11);
        using var model = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2));
        using var resumed = new ScalarSafe.Adam(model.parameters(), 1e-2, weightDecay);
        using (var reader = new BinaryReader(new MemoryStream(expectedState)))
            resumed.load_state_dict(reader);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            resumed.save_state_dict(writer);
        Assert.Equal(actualState, stream.ToArray());
    }

    private static (float[] Weights, byte[] State) Train(Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> create)
    {
        torch.manual_seed(11);
        using var model = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2));
        using var optimizer = create(model.parameters());
        torch.manual_seed(12);
        using var x = randn(16, 6);
        using var y = randn(16, 2);
        for (int step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(x), y).backward();
            optimizer.step();
        }
        var weights = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        return (weights, stream.ToArray());
    }
}
