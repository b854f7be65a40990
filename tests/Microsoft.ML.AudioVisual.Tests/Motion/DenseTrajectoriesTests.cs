using Microsoft.ML.AudioVisual.Motion;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class DenseTrajectoriesTests(ITestOutputHelper output)
{
    [Fact]
    public void ConstantVelocityTranslationGivesStraightTrajectories()
    {
        const int frames = 6, height = 64, width = 64, stride = 8;
        const double vx = 1.5, vy = 1.0;
        var clip = MotionClips.Translating(frames, 1, height, width, vx, vy);
        var flow = OpticalFlow.Farneback(clip, frames, 1, height, width);
        var trajectories = DenseTrajectories.Track(flow, frames - 1, height, width, stride);
        Assert.Equal([frames - 1, 2, 8, 8], trajectories.Shape);
        Assert.Equal((frames - 1) * 2 * 64, trajectories.Displacements.Length);

        // Seeds far enough from the border that the whole path stays where the flow is reliable.
        var positions = trajectories.Positions();
        int cells = trajectories.GridHeight * trajectories.GridWidth;
        double worstDeviation = 0, worstStepError = 0;
        int checkedTrajectories = 0;
        for (int r = 2; r < trajectories.GridHeight - 3; r++)
            for (int c = 2; c < trajectories.GridWidth - 3; c++)
            {
                int i = (r * trajectories.GridWidth) + c;
                float x0 = positions[i], y0 = positions[cells + i];
                Assert.Equal(trajectories.Seed(r, c), (x0, y0));
                float xn = positions[(frames - 1) * 2 * cells + i], yn = positions[((frames - 1) * 2 * cells) + cells + i];
                double length = Math.Sqrt(((xn - x0) * (xn - x0)) + ((yn - y0) * (yn - y0)));
                for (int t = 0; t < frames; t++)
                {
                    float x = positions[(t * 2 * cells) + i], y = positions[(t * 2 * cells) + cells + i];
                    // Distance of the point from the chord between the first and last positions.
                    double deviation = Math.Abs(((xn - x0) * (y0 - y)) - ((x0 - x) * (yn - y0))) / length;
                    worstDeviation = Math.Max(worstDeviation, deviation);
                    if (t < frames - 1)
                    {
                        float dx = trajectories.Displacements[(t * 2 * cells) + i], dy = trajectories.Displacements[(t * 2 * cells) + cells + i];
                        worstStepError = Math.Max(worstStepError, Math.Max(Math.Abs(dx - vx), Math.Abs(dy - vy)));
                    }
                }
                checkedTrajectories++;
            }
        output.WriteLine($"{checkedTrajectories} trajectories: largest distance from a straight line {worstDeviation:0.000} px, largest step error {worstStepError:0.000} px (velocity ({vx}, {vy}))");
        Assert.True(checkedTrajectories >= 9);
        Assert.True(worstDeviation < 0.3, $"deviation {worstDeviation}");
        Assert.True(worstStepError < 0.3, $"step error {worstStepError}");
    }

    [Fact]
    public void PointsFollowTheFlowBilinearlyAndAreClampedAtTheBorder()
    {
        const int height = 16, width = 20, stride = 4;
        int plane = height * width;
        // Step 0: u = 0.1 x (linear, so bilinear sampling is exact), v = -2. Step 1: u = +30 pushes every point out on the right.
        var flow = new float[2 * 2 * plane];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                flow[(y * width) + x] = 0.1f * x;
                flow[plane + (y * width) + x] = -2f;
                flow[(2 * plane) + (y * width) + x] = 30f;
            }
        var trajectories = DenseTrajectories.Track(flow, 2, height, width, stride);
        Assert.Equal([2, 2, 4, 5], trajectories.Shape);
        var positions = trajectories.Positions();
        int cells = 20;
        for (int i = 0; i < cells; i++)
        {
            float x0 = positions[i], y0 = positions[cells + i];
            Assert.Equal(((i % 5) * 4) + 1.5f, x0);
            Assert.Equal(Math.Min(1.1f * x0, width - 1) - x0, trajectories.Displacements[i], 4); // the last column is clamped
            Assert.Equal(y0 >= 2 ? -2f : -y0, trajectories.Displacements[cells + i], 4); // the first row is clamped at the top edge
            Assert.Equal(width - 1, positions[(2 * 2 * cells) + i], 4); // clamped at the right edge
        }
    }

    [Fact]
    public void BadFlowIsRejected()
    {
        var flow = new float[2 * 8 * 8];
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseTrajectories.Track(flow, 0, 8, 8, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseTrajectories.Track(flow, 1, 8, 8, 9));
        Assert.Contains("not 1 steps x 2 x 8 x 7", Assert.Throws<ArgumentException>(() => DenseTrajectories.Track(flow, 1, 8, 7, 2)).Message);
        flow[5] = float.PositiveInfinity;
        Assert.Throws<InvalidDataException>(() => DenseTrajectories.Track(flow, 1, 8, 8, 2));
    }
}
