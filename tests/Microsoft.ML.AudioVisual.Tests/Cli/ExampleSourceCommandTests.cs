using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Localization;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// The example sources of <c>avl train avc|localizer</c> and <c>avl eval avc|localization</c>: exactly one of
/// <c>--videos</c> and <c>--fsdd/--mnist</c>, each with its own options, and training defaults that are the API's.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ExampleSourceCommandTests
{
    private static (int Exit, string Out, string Error) Avl(params string[] args) => AvlCommandTests.Avl(args);

    public static TheoryData<string[]> Verbs => new()
    {
        new[] { "train", "avc", "--out", "m.zip" },
        new[] { "train", "localizer", "--out", "m.zip" },
        new[] { "eval", "avc", "--model", "m.zip", "--json", "r.json" },
        new[] { "eval", "localization", "--model", "m.zip", "--json", "r.json" },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public void ExactlyOneSourceWithItsOwnOptionsIsAUsageError(string[] verb)
    {
        void Expect(string message, params string[] extra)
        {
            var (exit, _, error) = Avl([.. verb, .. extra]);
            Assert.Equal(2, exit);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains(message, error);
        }

        Expect("Give a source of examples: --videos DIR, or --fsdd DIR --mnist DIR.");
        Expect("--videos and --fsdd/--mnist are two sources", "--videos", "v", "--fsdd", "f", "--mnist", "m");
        Expect("--videos and --fsdd/--mnist are two sources", "--videos", "v", "--mnist", "m");
        Expect("--fsdd and --mnist go together", "--fsdd", "f");
        Expect("--speakers applies only with --fsdd/--mnist", "--videos", "v", "--speakers", "george");
        Expect("--exclude-speakers applies only with --fsdd/--mnist", "--videos", "v", "--exclude-speakers", "george");
        Expect("--step applies only with --videos", "--fsdd", "f", "--mnist", "m", "--step", "2");
        Expect("--frame-size, --step apply only with --videos", "--fsdd", "f", "--mnist", "m", "--frame-size", "32", "--step", "2");
        if (verb[0] == "eval")
        {
            Expect("--image-split applies only with --fsdd/--mnist", "--videos", "v", "--image-split", "test");
            Expect("--split applies only with --fsdd/--mnist", "--videos", "v", "--split", "test");
        }
        else
        {
            Expect("--pairs applies only with --fsdd/--mnist", "--videos", "v", "--pairs", "100");
        }
    }

    [SharedDataFact]
    public void UnknownSpeakersAreAUsageErrorListingTheKnownOnes()
    {
        var fsdd = SharedData.Path("data", "fsdd", "recordings");
        var known = Fsdd.Scan(fsdd).Select(r => r.Speaker).Distinct().ToArray();
        using var folder = new TempFolder();
        var (exit, _, error) = Avl("train", "avc", "--fsdd", fsdd, "--mnist", SharedData.Path("data", "mnist"), "--speakers", $"{known[0]},nobody",
            "--out", folder.File("m.zip"));
        Assert.Equal(2, exit);
        Assert.Contains("--speakers: unknown speaker(s) nobody", error);
        Assert.All(known, speaker => Assert.Contains(speaker, error));
        Assert.False(File.Exists(folder.File("m.zip")));
    }

    [Fact]
    public void TrainingDefaultsAreTheApisDefaults()
    {
        static string Default(string help, string flag) =>
            help.Split('\n').Single(line => line.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal)).Split("[default: ")[1].TrimEnd().TrimEnd(']');

        foreach (var (verb, options) in new (string, CorrespondenceTrainingOptions)[] { ("avc", new AvcEmbeddingOptions()), ("localizer", new SoundLocalizerOptions()) })
        {
            var (exit, help, _) = Avl("train", verb, "--help");
            Assert.Equal(0, exit);
            Assert.Equal(options.Epochs.ToString(CultureInfo.CurrentCulture), Default(help, "--epochs"));
            Assert.Equal(options.BatchSize.ToString(CultureInfo.CurrentCulture), Default(help, "--batch-size"));
            Assert.Equal(options.LearningRate.ToString(CultureInfo.CurrentCulture), Default(help, "--lr"));
            Assert.Equal(options.ValidationFraction.ToString(CultureInfo.CurrentCulture), Default(help, "--validation-fraction"));
            Assert.Equal(options.LearningRateSchedule.ToString().ToLowerInvariant(), Default(help, "--lr-schedule"));
            Assert.Equal(options.PositivePairing == PositivePairing.SameGroup ? "same-group" : "same-row", Default(help, "--positives"));
            Assert.Equal(options.AudioTimeShift.ToString(CultureInfo.CurrentCulture), Default(help, "--audio-time-shift"));
            Assert.Equal(options.AudioFrequencyShift.ToString(CultureInfo.CurrentCulture), Default(help, "--pitch-shift"));
            Assert.Equal(options.AudioMasking.ToString(CultureInfo.CurrentCulture), Default(help, "--audio-masking"));
            Assert.Equal(options.ImageShift.ToString(CultureInfo.CurrentCulture), Default(help, "--image-shift"));
            Assert.Equal(new VideoFolderOptions().FrameSize.ToString(CultureInfo.CurrentCulture), Default(help, "--frame-size"));
            Assert.Equal(new VideoFolderOptions().Step.ToString(CultureInfo.CurrentCulture), Default(help, "--step"));
        }
        var (_, localizerHelp, _) = Avl("train", "localizer", "--help");
        Assert.Equal(new SoundLocalizerOptions().FreezeAudio ? "on" : "off", Default(localizerHelp, "--freeze-audio"));
    }

    [Fact]
    public void LocalizerTrainsAndEvaluatesOnAFolderOfVideos()
    {
        using var videos = new TempFolder();
        using var work = new TempFolder();
        ToyVideos.Make(videos, classes: 4, perClass: 2);
        var model = work.File("loc.zip");
        var (exit, output, error) = Avl("train", "localizer", "--videos", videos.Path, "--frame-size", "32", "--epochs", "1", "--threads", "2",
            "--init-max-minutes", "0.5", "--freeze-audio", "off", "--out", model);
        Assert.True(exit == 0, error + output);
        Assert.Contains("8 moments of 8 videos", output);
        using (var trained = new MLContext(seed: 0).AudioVisual().LoadTransformer<SoundLocalizerTransformer>(model))
            Assert.False(trained.Options.FreezeAudio);
        Assert.Contains("No --init model", output);

        var json = work.File("loc.json");
        (exit, output, error) = Avl("eval", "localization", "--model", model, "--videos", videos.Path, "--frame-size", "32", "--json", json);
        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("video", (string)report["labels"]!);
        Assert.Equal(8, (int)report["videos"]!);
        Assert.Equal(8, (int)report["scenes"]!);
        Assert.Equal(0.25, (double)report["chance_accuracy"]!);
        foreach (var key in new[] { "pointing_accuracy", "baseline_center_accuracy", "baseline_random_accuracy", "avc_accuracy" })
            Assert.InRange((double)report[key]!, 0.0, 1.0);
        Assert.Equal(report.ToJsonString(), JsonNode.Parse(output)!.ToJsonString()); // standard output is the report alone
    }

    [Fact]
    public void LocalizerTrainsOnItsStartModelsFrontEnd()
    {
        using var videos = new TempFolder();
        using var work = new TempFolder();
        ToyVideos.Make(videos, classes: 4, perClass: 2);
        string avc = work.File("avc.zip"), localizer = work.File("loc.zip");
        var (exit, output, error) = Avl("train", "avc", "--videos", videos.Path, "--frame-size", "32", "--epochs", "1", "--threads", "2",
            "--normalize-loudness", "--out", avc);
        Assert.True(exit == 0, error + output);
        using (var start = new MLContext(seed: 0).AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(avc))
            Assert.True(start.AudioFrontEnd!.Options.DecibelRelativeToMaximum);

        // The fine-tuning data is made with the start model's front-end, which no flag may contradict.
        (exit, _, error) = Avl("train", "localizer", "--videos", videos.Path, "--frame-size", "32", "--init", avc, "--normalize-loudness", "--out", localizer);
        Assert.Equal(2, exit);
        Assert.Contains("--normalize-loudness does not apply when training starts from a model", error);
        (exit, output, error) = Avl("train", "localizer", "--videos", videos.Path, "--frame-size", "32", "--epochs", "1", "--threads", "2",
            "--init", avc, "--out", localizer);
        Assert.True(exit == 0, error + output);
        using var trained = new MLContext(seed: 0).AudioVisual().LoadTransformer<SoundLocalizerTransformer>(localizer);
        Assert.True(trained.AudioFrontEnd!.Options.DecibelRelativeToMaximum);
        Assert.Equal(new VideoFolderOptions().ClipSeconds, trained.AudioFrontEnd.ClipSeconds);
    }
}
