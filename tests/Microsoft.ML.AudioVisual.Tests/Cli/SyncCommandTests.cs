using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Synchronization;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// <c>avl train sync</c>, <c>avl eval sync</c> and <c>avl sync</c> end to end on real data with tiny settings: the verbs
/// run, write what they promise under the key names and pass the options on. (How well the default training
/// synchronises is measured by the closing notes' longer runs; <see cref="Synchronization.AudioVisualSyncTests"/> shows
/// learning on toy videos.)
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SyncCommandTests
{
    [SharedDataFact]
    public void TrainEvalAndSyncRunOnDigitVideosAndARealClip()
    {
        using var folder = new TempFolder();
        string fsdd = SharedData.Path("data", "fsdd", "recordings"), mnist = SharedData.Path("data", "mnist"), model = folder.File("sync.zip");
        var (exit, output, error) = AvlCommandTests.Avl("train", "sync", "--fsdd", fsdd, "--mnist", mnist, "--speakers", "jackson", "--video-count", "24",
            "--epochs", "1", "--curriculum", "off", "--threads", "2", "--quiet", "--out", model);
        Assert.True(exit == 0, error + output);
        Assert.Contains("Training on 24 digits videos", output);
        using (var trained = new MLContext(seed: 0).AudioVisual().LoadTransformer<AudioVisualSyncTransformer>(model))
        {
            Assert.Equal(48, trained.Shapes.ClipFrames); // the CLI's default for digit videos (the library's is 8)
            Assert.Equal(SyncCurriculum.Constant().Stages, trained.Options.Curriculum.Stages);
        }

        var json = folder.File("eval.json");
        (exit, output, error) = AvlCommandTests.Avl("eval", "sync", "--model", model, "--fsdd", fsdd, "--mnist", mnist, "--speakers", "yweweler",
            "--split", "test", "--video-count", "6", "--json", json);
        Assert.True(exit == 0, error + output);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        foreach (var key in new[] { "sync_accuracy_hard", "sync_accuracy_easy", "offset_within_one_frame", "sync_in_sync_accuracy", "sync_ranking_accuracy_hard" })
            Assert.InRange((double)report[key]!, 0.0, 1.0);
        // Each balanced accuracy is the mean of the in-sync half and its negatives' half.
        Assert.InRange(2 * (double)report["sync_accuracy_hard"]! - (double)report["sync_in_sync_accuracy"]!, 0.0, 1.0);
        Assert.True((double)report["offset_median_error_frames"]! >= 0);
        Assert.Equal(6, (int)report["clips"]!);
        Assert.Equal(6, report["trials"]!.AsArray().Count);

        // A real talking face (3 s): the offset scan of +/- 1 s fits, the curve has one distance per frame offset.
        var clipJson = folder.File("offset.json");
        (exit, output, error) = AvlCommandTests.Avl("sync", "--model", model, SharedData.Path("data", "video", "grid", "bbaf2n.mpg"), "--json", clipJson);
        Assert.True(exit == 0, error + output);
        Assert.Contains("bbaf2n", output);
        var offset = JsonNode.Parse(File.ReadAllText(clipJson))!;
        Assert.Equal(51, offset["curve"]!.AsArray().Count);
        Assert.InRange((double)offset["offset_seconds"]!, -1.0, 1.0);
        Assert.Equal((double)offset["offset_frames"]! / 25, (double)offset["offset_seconds"]!, 9);
    }
}
