using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Motion;

public sealed class MotionCommandTests(ITestOutputHelper output)
{
    [Fact]
    public void MotionWritesPicturesAndTrajectories()
    {
        using var folder = new TempFolder();
        // FFmpeg's testsrc2 pattern: a moving gradient and a bouncing box.
        var clip = Ffmpeg.MakeClip(folder.File("clip.mp4"), 1, fps: 25, width: 96, height: 64, audio: false);
        var outDir = folder.File("motion");
        var (exit, stdout, error) = AvlCommandTests.Avl("motion", "--video", clip, "--out", outDir, "--stride", "8", "--frames", "5", "--report");
        Assert.True(exit == 0, error);
        // --report: the run page shows the flow field and the trajectory overlay.
        string page = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("flow.png", page);
        Assert.Contains("trajectories.png", page);
        output.WriteLine(stdout);

        var trajectories = NpyFile.Read(Path.Combine(outDir, "trajectories.npy"));
        Assert.Equal([4, 2, 8, 12], trajectories.Shape);
        Assert.Contains(trajectories.ToSingles(), v => MathF.Abs(v) > 0.5f);
        Assert.True(new FileInfo(Path.Combine(outDir, "flow.png")).Length > 0);
        Assert.True(new FileInfo(Path.Combine(outDir, "trajectories.png")).Length > 0);
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "meta.json")))!;
        Assert.Equal(4, meta["mean_speed_per_step"]!.AsArray().Count);

        var (badExit, _, badError) = AvlCommandTests.Avl("motion", "--video", clip, "--out", outDir, "--frames", "1");
        Assert.NotEqual(0, badExit);
        Assert.Contains("--frames", badError);
    }
}
