using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Motion;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// <c>avl train motion-separator</c>, <c>avl eval separation --look-alike</c> and <c>avl separate --video</c> with tiny
/// settings on one speaker: the plumbing, the JSON keys and the usage errors (learning is shown in SoundOfMotionsTrainingTests).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class MotionSeparatorCommandTests
{
    private static readonly string Fsdd = SharedData.Path("data", "fsdd", "recordings");
    private static readonly string Mnist = SharedData.Path("data", "mnist");

    [SharedDataFact]
    public void TrainsEvaluatesLookAlikeDuetsAndSeparatesWithVideos()
    {
        using var folder = new TempFolder();
        string model = folder.File("motion.zip");
        var (exit, output, error) = AvlCommandTests.Avl("train", "motion-separator", "--fsdd", Fsdd, "--mnist", Mnist, "--speakers", "george", "--out", model,
            "--curriculum", "off", "--mask", "ratio", "--epochs", "1", "--duets-per-epoch", "4", "--batch-size", "2", "--validation-duets", "2", "--threads", "2");
        Assert.True(exit == 0, error + output);
        Assert.Contains("curriculum off", output);
        using (var loaded = new MLContext(0).AudioVisual().LoadTransformer<SoundOfMotionsTransformer>(model))
            Assert.False(loaded.Options.Curriculum);

        string json = folder.File("eval.json");
        (exit, output, error) = AvlCommandTests.Avl("eval", "separation", "--model", model, "--fsdd", Fsdd, "--mnist", Mnist, "--speakers", "george", "--split", "test",
            "--look-alike", "--duets", "3", "--json", json, "--report");
        Assert.True(exit == 0, error + output);
        // --report: one separated duet with each source's flow and trajectories, shown on the run page.
        foreach (var file in new[] { "mixture.wav", "source_0.wav", "source_1.wav", "flow_0.png", "flow_1.png", "trajectories_0.png", "trajectories_1.png" })
            Assert.True(File.Exists(Path.Combine(folder.Path, "duet", file)), file);
        string page = File.ReadAllText(folder.File("report.html"));
        Assert.Contains("duet/trajectories_1.png", page);
        Assert.Contains("duet/flow_0.png", page);
        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        foreach (var key in new[] { "nsdr", "sdr", "sir", "sar", "mixture_sdr", "oracle_ibm_nsdr", "mixtures", "skipped" }) Assert.True(report.ContainsKey(key), key);
        Assert.Equal(3, report["mixtures"]!.GetValue<int>() + report["skipped"]!.GetValue<int>());
        Assert.True(report["oracle_ibm_nsdr"]!.GetValue<double>() > 1, report.ToJsonString()); // the ideal binary mask separates these duets
        Assert.Equal("SoundOfMotions", report["model_kind"]!.GetValue<string>());
        Assert.False(report["normalized_masks"]!.GetValue<bool>()); // Sound of Motions applies its masks as predicted
        Assert.Null(report["mask_exponent"]);
        Assert.Equal(1, report["time_shifts"]!.GetValue<int>()); // Sound of Motions separates once
        Assert.True(report["look_alike"]!.GetValue<bool>());

        string mixture = Directory.GetFiles(Fsdd, "3_george_0.wav").Single();
        string video = SharedData.Path("data", "video", "grid", "bbaf2n.mpg");
        string separated = Path.Combine(folder.Path, "separated");
        (exit, output, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", mixture, "--video", video, "--video", video, "--out", separated);
        Assert.True(exit == 0, error + output);
        Assert.True(File.Exists(Path.Combine(separated, "source_0.wav")) && File.Exists(Path.Combine(separated, "source_1.wav")), output);
        Assert.True(new FileInfo(Path.Combine(separated, "source_1.wav")).Length > 1000);

        (exit, _, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", mixture, "--image", video, "--image", video, "--out", separated);
        Assert.Equal(2, exit);
        Assert.Contains("Sound of Motions model", error);
        (exit, _, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", mixture, "--video", video, "--out", separated);
        Assert.Equal(2, exit);
        Assert.Contains("give 2 --video files, got 1", error);
    }
}
