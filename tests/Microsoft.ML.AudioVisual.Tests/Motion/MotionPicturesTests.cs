using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Rendering;
using Microsoft.ML.AudioVisual.Separation;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class MotionPicturesTests(ITestOutputHelper output)
{
    private const int Width = 180, Height = 144, Frames = 8;

    [SharedDataFact]
    public void RealClipHasMotionAndItsPicturesAreWritten()
    {
        // A GRID talker (25 fps): 8 frames 2 apart from 0.8 s, while the sentence is spoken, at half the size.
        string path = SharedData.Path("data", "video", "grid", "bbaf2n.mpg");
        var times = Enumerable.Range(0, Frames).Select(i => 0.8 + (i * 0.08)).ToArray();
        var clip = MediaDecoder.DecodeFrames(path, times, new FrameFormat(Width, Height));
        int plane = Width * Height;
        var flow = OpticalFlow.Farneback(clip.Pixels, Frames, 3, Height, Width, source: path);
        var magnitudes = Enumerable.Range(0, (Frames - 1) * plane)
            .Select(i => MathF.Sqrt(Square(flow[((i / plane) * 2 * plane) + (i % plane)]) + Square(flow[((i / plane) * 2 * plane) + plane + (i % plane)])))
            .ToArray();
        double mean = magnitudes.Average();
        float largest = magnitudes.Max();
        float moving = magnitudes.Count(m => m > 0.5f) / (float)magnitudes.Length;

        var firstFrame = clip.Pixels.AsSpan(0, 3 * plane);
        var still = OpticalFlow.Farneback(firstFrame, firstFrame, 3, Height, Width);
        double stillMean = still.Average(MathF.Abs);
        output.WriteLine($"{Path.GetFileName(path)}: mean |flow| {mean:0.000} px, largest {largest:0.00} px, {moving:P1} of pixels moving > 0.5 px; " +
            $"a frame against itself: mean |component| {stillMean:g3} px");
        Assert.True(mean > 0.05, $"mean |flow| {mean}");
        Assert.True(largest > 1, $"largest |flow| {largest}");
        Assert.True(stillMean < 0.01, $"identical frames mean {stillMean}");

        var trajectories = DenseTrajectories.Track(flow, Frames - 1, Height, Width, stride: 6);
        using var folder = new TempFolder();
        string flowPng = folder.File("flow.png"), trajectoriesPng = folder.File("trajectories.png");
        float top = MotionPictures.WriteFlow(flowPng, flow.AsSpan(3 * 2 * plane, 2 * plane), Height, Width);
        MotionPictures.WriteTrajectories(trajectoriesPng, firstFrame, 3, trajectories);
        using (var flowPicture = SKBitmap.Decode(flowPng))
        using (var trajectoriesPicture = SKBitmap.Decode(trajectoriesPng))
        {
            Assert.Equal((2 * Width, 2 * Height), (flowPicture.Width, flowPicture.Height)); // enlarged to at least 224 pixels
            Assert.Equal((2 * Width, 2 * Height), (trajectoriesPicture.Width, trajectoriesPicture.Height));
            Assert.Contains(flowPicture.Pixels, p => p.Red + p.Green + p.Blue > 0);
        }
        output.WriteLine($"flow.png drawn at full brightness for {top:0.00} px");
        KeepForTheReport(flowPng, trajectoriesPng);
    }

    [SharedDataFact]
    public void LookAlikeSourcesDifferOnlyInTheirTrajectories()
    {
        var data = AvMnistFsdd.Load(SharedData.Path("data", "fsdd"), SharedData.Path("data", "mnist")).WhereSpeaker(s => s == "jackson");
        var frontEnd = SeparationFrontEnd.Small;
        var duet = LookAlikeDuets.Manifest(data, Split.Test, frontEnd, seed: 11)[0];
        var clip = LookAlikeDuets.Render(data, duet, frontEnd);
        int size = clip.FrameSize, steps = clip.FrameCount - 1;
        var tracked = clip.Videos.Select(v => DenseTrajectories.Track(OpticalFlow.Farneback(v, clip.FrameCount, 1, size, size), steps, size, size, stride: 4)).ToArray();
        double difference = tracked[0].Displacements.Zip(tracked[1].Displacements, (a, b) => Math.Abs(a - b)).Average();
        double motion = tracked.Average(t => t.Displacements.Average(MathF.Abs));
        output.WriteLine($"look-alike duet (image {duet.Mixture.Sources[0].ImageIndex} twice): mean |displacement| {motion:0.000} px, " +
            $"mean |difference| between the sources' trajectories {difference:0.000} px");
        Assert.Equal(duet.Mixture.Sources[0].ImageIndex, duet.Mixture.Sources[1].ImageIndex);
        Assert.True(difference > 0.1, $"trajectory difference {difference}");

        using var folder = new TempFolder();
        var files = new List<string>();
        for (int n = 0; n < 2; n++)
        {
            files.Add(folder.File($"duet-source{n}-trajectories.png"));
            MotionPictures.WriteTrajectories(files[^1], clip.Videos[n].AsSpan(0, size * size), 1, tracked[n]);
            Assert.True(new FileInfo(files[^1]).Length > 0);
        }
        KeepForTheReport([.. files]);
    }

    [Fact]
    public void FlowColoursFollowTheDirectionAndStillPixelsAreBlack()
    {
        const int size = 8;
        var flow = new float[2 * size * size];
        for (int i = 0; i < size * size / 2; i++) flow[i] = 2f; // top half moves right, bottom half is still
        using var folder = new TempFolder();
        var png = folder.File("flow.png");
        Assert.Equal(2f, MotionPictures.WriteFlow(png, flow, size, size));
        using var picture = SKBitmap.Decode(png);
        Assert.Equal(224, picture.Width);
        var right = picture.GetPixel(10, 10);
        var still = picture.GetPixel(10, 200);
        Assert.Equal(new SKColor(255, 0, 0), right);
        Assert.Equal(new SKColor(0, 0, 0), still);
        Assert.Throws<ArgumentException>(() => MotionPictures.WriteFlow(png, flow.AsSpan(1), size, size));
    }

    private static float Square(float v) => v * v;

    /// <summary>Copies the pictures to AVL_MOTION_PICTURES (when set) for the report.</summary>
    private static void KeepForTheReport(params string[] files)
    {
        if (Environment.GetEnvironmentVariable("AVL_MOTION_PICTURES") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        foreach (var file in files) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
    }
}
