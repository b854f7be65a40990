using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Training;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary><c>avl train avc --videos</c> and <c>avl eval avc --videos</c> on the shared folder of real videos.</summary>
[Collection(TorchCollection.Name)]
public sealed class VideoFolderCommandTests
{
    [SharedDataFact]
    public void TrainAndEvalAvcOnTheSharedVideos()
    {
        using var folder = new TempFolder();
        var videos = SharedData.Path("data", "video");
        var model = folder.File("m.zip");
        var (exit, output, error) = AvlCommandTests.Avl("train", "avc", "--videos", videos, "--out", model, "--epochs", "1", "--frame-size", "32",
            "--max-minutes", "1", "--threads", "2", "--quiet", "--report",
            "--lr-schedule", "cosine", "--positives", "same-group", "--audio-time-shift", "0.25", "--pitch-shift", "0.05", "--audio-masking", "0.1", "--image-shift", "0.125");
        Assert.True(exit == 0, error + output);
        // The training log goes next to the model; --report renders the folder's page.
        var log = JsonNode.Parse(File.ReadAllText(folder.File("m.training.json")))!;
        Assert.Single(log["epochs"]!.AsArray());
        Assert.Contains("Training curves", File.ReadAllText(folder.File("report.html")));
        // flower.webm's sound is digital silence: its moments are skipped and counted, and the clip named.
        Assert.Contains("silent or unreadable moments skipped; unusable: flower.webm", output);

        // Flags not given keep the API's defaults (saved with the model).
        using (var trained = new MLContext(seed: 0).AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(model))
        {
            var defaults = new AvcEmbeddingOptions();
            Assert.Equal(defaults.BatchSize, trained.Options.BatchSize);
            Assert.Equal(defaults.LearningRate, trained.Options.LearningRate);
            Assert.Equal(defaults.ValidationFraction, trained.Options.ValidationFraction);
            Assert.Equal(1, trained.Options.Epochs);
            // Flags given reach the trainer.
            Assert.Equal(LearningRateSchedule.Cosine, trained.Options.LearningRateSchedule);
            Assert.Equal(PositivePairing.SameGroup, trained.Options.PositivePairing);
            Assert.Equal((0.25, 0.05, 0.1, 0.125), (trained.Options.AudioTimeShift, trained.Options.AudioFrequencyShift, trained.Options.AudioMasking, trained.Options.ImageShift));
            Assert.Equal([1, 3, 32, 32], new[] { trained.Shapes.Frames, trained.Shapes.Channels, trained.Shapes.Height, trained.Shapes.Width });
            Assert.Equal(16000, trained.AudioFrontEnd!.Options.SampleRate); // recorded from the spectrogram column
        }

        var json = folder.File("x.json");
        (exit, output, error) = AvlCommandTests.Avl("eval", "avc", "--model", model, "--videos", videos, "--json", json, "--report");
        Assert.True(exit == 0, error);
        Assert.Contains("linear_probe_accuracy", File.ReadAllText(folder.File("report.html")));
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        foreach (var key in new[] { "avc_accuracy", "recall_at_1_audio_to_image", "recall_at_1_image_to_audio", "linear_probe_accuracy",
                     "baseline_logmel_probe_accuracy", "baseline_random_network_probe_accuracy" })
            Assert.InRange((double)report[key]!, 0.0, 1.0);
        int usable = (int)report["videos"]!;
        Assert.Equal("video", (string)report["labels"]!);
        Assert.Equal(1.0 / usable, (double)report["chance_accuracy"]!, 12);
        Assert.Equal((int)report["items"]!, (int)report["images"]!);
        Assert.True((int)report["skipped_moments"]! > 0);
        Assert.EndsWith("flower.webm", (string)report["unusable_videos"]![0]!);
        Assert.Equal(report.ToJsonString(), JsonNode.Parse(output)!.ToJsonString());
    }
}
