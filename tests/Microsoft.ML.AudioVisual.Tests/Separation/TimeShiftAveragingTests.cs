using Microsoft.ML.AudioVisual.Separation;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

public sealed class TimeShiftAveragingTests
{
    [Fact]
    public void DelaysAreEvenlySpacedFractionsOfTheHop()
    {
        Assert.Equal([0, 16, 32, 48, 64, 80, 96, 112], TimeShiftAveraging.Delays(8, 128));
        Assert.Equal([0, 42, 85], TimeShiftAveraging.Delays(3, 128));
        Assert.Equal([0], TimeShiftAveraging.Delays(1, 128));
        Assert.Equal([0, 1], TimeShiftAveraging.Delays(4, 2)); // no delay twice
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeShiftAveraging.Delays(0, 128));
    }

    [Fact]
    public void EachPassSeesTheMixtureDelayedCircularlyAndTheAverageUndoesTheDelays()
    {
        // A "separator" that passes its input through as source 0 and says how late it is as source 1.
        float[] mixture = [.. Enumerable.Range(0, 10).Select(i => (float)Math.Sin(i))];
        int[] delays = [0, 2, 4];
        var inputs = new List<float[]>();
        var results = TimeShiftAveraging.Average([mixture], delays, batch =>
        {
            int delay = delays[inputs.Count];
            inputs.Add(batch[0]);
            return [.. batch.Select(m => new SeparationResult([(float[])m.Clone(), [.. m.Select(_ => (float)delay)]], [[inputs.Count]], 1, 1))];
        });

        Assert.Equal(3, inputs.Count);
        Assert.Equal([mixture[8], mixture[9], .. mixture[..8]], inputs[1]);
        var result = Assert.Single(results);
        Assert.Equal(mixture, result.Sources[0]);
        Assert.All(result.Sources[1], v => Assert.Equal(2f, v)); // the mean delay: every pass covers every sample
        Assert.Equal([1f], result.Masks[0]); // the first pass's masks
        Assert.Equal([.. mixture[7..], .. mixture[..7]], TimeShiftAveraging.Rotate(mixture, 13)); // longer than the mixture: modulo its length
    }

    [Fact]
    public void OneUndelayedPassIsTheSeparationItself()
    {
        var separation = new SeparationResult([[1f, 2f]], [[0.5f]], 1, 1);
        var results = TimeShiftAveraging.Average([[3f, 4f]], [0], _ => [separation]);
        Assert.Same(separation, Assert.Single(results));
    }
}
