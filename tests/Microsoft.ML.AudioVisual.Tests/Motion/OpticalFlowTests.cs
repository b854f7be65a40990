using Microsoft.ML.AudioVisual.Motion;
using OpenCvSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class OpticalFlowTests(ITestOutputHelper output)
{
    [Fact]
    public void OpenCvNativeLibraryLoadsAndComputesFarnebackFlow()
    {
        // The native library (libOpenCvSharpExtern.so from OpenCvSharp4.official.runtime.linux-x64) loads on first call.
        using var previous = new Mat(32, 32, MatType.CV_8UC1, Scalar.All(0));
        using var next = new Mat(32, 32, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(previous, new Rect(10, 10, 8, 8), Scalar.All(255), -1);
        Cv2.Rectangle(next, new Rect(11, 10, 8, 8), Scalar.All(255), -1);
        using var flow = new Mat();
        Cv2.CalcOpticalFlowFarneback(previous, next, flow, 0.5, 3, 15, 3, 5, 1.2, OpticalFlowFlags.None);
        Assert.Equal(MatType.CV_32FC2, flow.Type());
        Assert.Equal(new Size(32, 32), flow.Size());
        output.WriteLine($"OpenCV {Cv2.GetVersionString()}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TranslationByThreeTwoGivesMeanFlowThreeTwo(int channels)
    {
        const int height = 64, width = 80;
        var frames = MotionClips.Translating(3, channels, height, width, 3, 2);
        var flow = OpticalFlow.Farneback(frames, 3, channels, height, width);
        Assert.Equal(2 * 2 * height * width, flow.Length);
        for (int step = 0; step < 2; step++)
        {
            double dx = MotionClips.InteriorMean(flow, step, 0, height, width, margin: 12);
            double dy = MotionClips.InteriorMean(flow, step, 1, height, width, margin: 12);
            output.WriteLine($"step {step}: mean flow ({dx:0.000}, {dy:0.000}) for a (3, 2) translation");
            Assert.InRange(dx, 2.7, 3.3);
            Assert.InRange(dy, 1.7, 2.3);
        }
    }

    [Fact]
    public void IdenticalFramesGiveZeroFlow()
    {
        const int size = 48, margin = 8;
        var frame = MotionClips.Translating(1, 3, size, size, 0, 0);
        var flow = OpticalFlow.Farneback(frame, frame, 3, size, size);
        double meanMagnitude = flow.Average(MathF.Abs);
        float interiorMax = 0;
        for (int c = 0; c < 2; c++)
            for (int y = margin; y < size - margin; y++)
                for (int x = margin; x < size - margin; x++)
                    interiorMax = Math.Max(interiorMax, MathF.Abs(flow[(c * size * size) + (y * size) + x]));
        // OpenCV's polynomial expansion treats the outermost rows differently in its passes, which leaves a few
        // hundredths of a pixel on the border even between identical frames; inside, it stays below a thousandth.
        output.WriteLine($"identical frames: mean |flow| {meanMagnitude:g3} px, max inside a {margin}-pixel border {interiorMax:g3} px, max overall {flow.Max(MathF.Abs):g3} px");
        Assert.True(meanMagnitude < 0.01, $"mean |flow| {meanMagnitude}");
        Assert.True(interiorMax < 1e-3f, $"max |flow| inside the border {interiorMax}");
    }

    [Fact]
    public void ScalingOfThePixelsDoesNotChangeTheFlow()
    {
        // Unit range, raw bytes and ImageNet-like scaling are one linear map apart: the clip-wide grey map undoes it.
        var unit = MotionClips.Translating(2, 1, 40, 40, 1.5, -1);
        var raw = unit.Select(v => (v * 255f * 0.7f) - 20f).ToArray();
        Assert.Equal(OpticalFlow.Farneback(unit, 2, 1, 40, 40), OpticalFlow.Farneback(raw, 2, 1, 40, 40));
    }

    [Fact]
    public void BadInputIsRejectedWithTheCause()
    {
        var two = MotionClips.Translating(2, 1, 16, 16, 1, 0);
        Assert.Contains("no frames", Assert.Throws<ArgumentException>(() => OpticalFlow.Farneback([], 0, 1, 16, 16)).Message);
        Assert.Contains("1 frame", Assert.Throws<ArgumentException>(() => OpticalFlow.Farneback(two.AsSpan(0, 256), 1, 1, 16, 16)).Message);
        Assert.Contains("same size", Assert.Throws<ArgumentException>(() => OpticalFlow.Farneback(two.AsSpan(0, 500), 2, 1, 16, 16)).Message);
        Assert.Contains("differ in size", Assert.Throws<ArgumentException>(() => OpticalFlow.Farneback(two.AsSpan(0, 256), two.AsSpan(0, 255), 1, 16, 16)).Message);
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => OpticalFlow.Farneback(two, 2, 2, 16, 8)).Message);
        two[300] = float.NaN;
        var nan = Assert.Throws<InvalidDataException>(() => OpticalFlow.Farneback(two, 2, 1, 16, 16, source: "clip.mp4"));
        Assert.Contains("clip.mp4", nan.Message);
        Assert.Contains("frame 1", nan.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FarnebackOptions { PolyN = 6 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FarnebackOptions { PyramidScale = 1 }.Validate());
    }
}
