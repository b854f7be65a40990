using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Towers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

[Collection(TorchCollection.Name)]
public sealed class SoundOfMotionsNetworkTests : IDisposable
{
    private readonly int _threads = torch.get_num_threads();

    public SoundOfMotionsNetworkTests() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_threads);

    /// <summary>A toy network: a 3-level U-Net on 16 x 8 spectrograms, a [4, 8] frame tower on 16 x 16 frames (8 x 8 maps).</summary>
    private static SoundOfMotionsNetwork Toy(bool modulateDecoder = true, MotionStreamKind motion = MotionStreamKind.Plain) => new(new SoundOfMotionsArchitecture
    {
        Motion = motion,
        Separation = new SeparationArchitecture
        {
            Downs = 3,
            Width = 4,
            Channels = 4,
            FrameNet = FrameNetKind.Small,
            FrameTower = new TowerArchitecture { Widths = [4, 8], PoolAfterLastBlock = false },
        },
        MotionWidths = [4, 8],
        ModulateDecoder = modulateDecoder,
    });

    [Fact]
    public void ForwardGivesOneMaskPerSourceAndTheConditionKeepsTheTrajectorySteps()
    {
        random.manual_seed(1);
        using var network = Toy();
        network.eval();
        using var scope = NewDisposeScope();
        var mixtures = randn([3, 1, 16, 8]);
        var frames = rand([6, 4, 3, 16, 16]);
        var trajectories = randn([6, 2, 3, 8, 8]);
        var condition = network.Condition(frames, trajectories);
        Assert.Equal(new long[] { 6, network.ConditionWidth, 3 }, condition.shape);
        Assert.Equal(4 + 8, network.ConditionWidth);
        var logits = network.Forward(mixtures, frames, trajectories, sources: 2);
        Assert.Equal(new long[] { 3, 2, 16, 8 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        var wrong = Assert.Throws<ArgumentException>(() => network.MaskLogits(mixtures, condition, sources: 3));
        Assert.Contains("[9, 12, S]", wrong.Message);
    }

    [Fact]
    public void TheInceptionMotionStreamKeepsTheStepsAndGivesI3dWidths()
    {
        random.manual_seed(3);
        using var network = Toy(motion: MotionStreamKind.Inception);
        network.eval();
        using var scope = NewDisposeScope();
        var frames = rand([2, 4, 3, 16, 16]);
        var condition = network.Condition(frames, randn([2, 2, 5, 16, 16]));
        Assert.Equal(new long[] { 2, 4 + 512, 5 }, condition.shape);
        var logits = network.Forward(randn([1, 1, 16, 8]), frames, randn([2, 2, 5, 16, 16]), sources: 2);
        Assert.Equal(new long[] { 1, 2, 16, 8 }, logits.shape);
        var names = network.state_dict().Keys.ToHashSet();
        Assert.Contains("motion.stem.conv1.conv.weight", names);
        Assert.Contains("motion.mixed4b.b3.project.norm.running_mean", names);
        // Mixed_3b as in Inception-v1: 64 + 128 + 32 + 32 = 256 channels from 192.
        Assert.Equal(new long[] { 128, 96, 3, 3, 3 }, network.state_dict()["motion.mixed3b.b1.conv.conv.weight"].shape);
    }

    [Fact]
    public void ThePaperPresetIsTheOfficialSeparatorWithAnInceptionMotionStream()
    {
        var paper = SoundOfMotionsArchitecture.Paper;
        Assert.Equal(MotionStreamKind.Inception, paper.Motion);
        Assert.Equal(SeparationArchitecture.Paper.FrameNet, paper.Separation.FrameNet);
        Assert.Equal(SeparationArchitecture.Paper.Downs, paper.Separation.Downs);
        using var network = new SoundOfMotionsNetwork(paper);
        Assert.Equal(SeparationArchitecture.Paper.Channels + 512, network.ConditionWidth);
    }

    [Fact]
    public void TheSmallPresetKeepsTheBilinearUNetItsNumbersWereMeasuredWith()
    {
        var separation = SoundOfMotionsArchitecture.Small.Separation;
        Assert.Equal(UNetUpsampling.BilinearConvolution, separation.Upsampling);
        var expected = SeparationArchitecture.Small with { Upsampling = UNetUpsampling.BilinearConvolution, Width = 16, ConditionSoundNet = false };
        Assert.Equal(expected, separation with { FrameTower = expected.FrameTower });   // the tower's arrays compare by reference
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FilmConditionsTheMasksOnTheTrajectoriesUnlessTheMotionStreamIsAblated(bool modulateDecoder)
    {
        random.manual_seed(2);
        using var network = Toy(modulateDecoder);
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mixtures = randn([1, 1, 16, 8]);
        var frames = rand([2, 4, 3, 16, 16]).index_select(0, tensor(new long[] { 0, 0 })); // both sources look the same
        var still = zeros([2, 2, 3, 8, 8]);
        var moving = still.clone();
        moving[1] = randn(2, 3, 8, 8) * 2; // only the second source moves
        double Difference(Tensor a, Tensor b) => (network.Forward(mixtures, frames, a, 2) - network.Forward(mixtures, frames, b, 2)).abs().max().item<float>();

        // Same frames and trajectories: the same mask for both sources.
        var same = network.Forward(mixtures, frames, still, 2);
        Assert.True((same[0, 0] - same[0, 1]).abs().max().item<float>() < 1e-5);
        // Other trajectories for source 1: its mask changes, source 0's does not.
        var moved = network.Forward(mixtures, frames, moving, 2);
        Assert.True((moved[0, 1] - same[0, 1]).abs().max().item<float>() > 1e-3, "the moving source's mask did not change");
        Assert.True((moved[0, 0] - same[0, 0]).abs().max().item<float>() < 1e-5, "the still source's mask changed");
        Assert.True(Difference(still, moving) > 1e-3);

        network.MotionAblated = true;
        Assert.True(Difference(still, moving) == 0, "with the motion stream ablated the trajectories must not matter");
    }

    [Fact]
    public void TheConditionsAppearancePartIgnoresTheMotionAndItsMotionPartDoesNot()
    {
        random.manual_seed(3);
        using var network = Toy();
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var frames = rand([1, 4, 3, 16, 16]);
        var still = zeros([1, 2, 3, 8, 8]);
        var everywhere = full([1, 2, 3, 8, 8], 1.5f);
        var stillCondition = network.Condition(frames, still);
        var movingCondition = network.Condition(frames, everywhere);
        Assert.True((movingCondition.narrow(1, 0, 4) - stillCondition.narrow(1, 0, 4)).abs().max().item<float>() == 0);
        Assert.True((movingCondition.narrow(1, 4, 8) - stillCondition.narrow(1, 4, 8)).abs().max().item<float>() > 1e-4);
    }
}
