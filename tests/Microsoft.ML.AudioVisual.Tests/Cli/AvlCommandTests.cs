using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Cli;
using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

public sealed class AvlCommandTests
{
    internal static (int Exit, string Out, string Error) Avl(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = AvlApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [SharedDataFact]
    public void ProbePrintsJson()
    {
        var (exit, output, _) = Avl("probe", SharedData.Path("data", "video", "mdn", "friday.mp4"));
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(640, (int)json["video"]!["width"]!);
        Assert.Equal(30.0, (double)json["video"]!["fps"]!);
        Assert.Equal(44100, (int)json["audio"]!["sample_rate"]!);
        Assert.Equal(2, (int)json["audio"]!["channels"]!);
        Assert.InRange((double)json["duration"]!, 6.1, 6.2);
    }

    [SharedDataFact]
    public void FramesAtNativeRateWithStretchEqualFfmpeg()
    {
        using var folder = new TempFolder();
        var video = SharedData.Path("data", "video", "grid", "lbbc2a.mpg");
        var (exit, _, error) = Avl("frames", video, "--fps", "25", "--size", "72x56", "--resize", "stretch", "--sample-rate", "16000", "--out", folder.Path);
        Assert.True(exit == 0, error);

        var frames = NpyFile.Read(folder.File("frames.npy"));
        var reference = Ffmpeg.Run("-i", video, "-vf", "scale=72:56", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        int frameBytes = 72 * 56 * 3;
        Assert.Equal([reference.Length / frameBytes, 3, 56, 72], frames.Shape);
        var pixels = frames.ToSingles();
        for (int f = 0; f < frames.Shape[0]; f++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 72 * 56; i++)
                    if (reference[f * frameBytes + 3 * i + c] / 255f != pixels[(f * 3 + c) * 72 * 56 + i])
                        Assert.Fail($"frame {f} channel {c} pixel {i} differs from ffmpeg");

        var audio = NpyFile.Read(folder.File("audio.npy")).ToSingles();
        var referenceAudio = MemoryMarshal.Cast<byte, float>(Ffmpeg.Run("-i", video, "-f", "f32le", "-ac", "1", "-ar", "16000", "-")).ToArray();
        Assert.Equal(referenceAudio, audio);

        var meta = JsonNode.Parse(File.ReadAllText(folder.File("meta.json")))!;
        Assert.Equal(frames.Shape[0], meta["frame_times"]!.AsArray().Count);
        Assert.Equal(0.04, (double)meta["frame_times"]![1]!, 6);
        Assert.Equal(16000, (int)meta["sample_rate"]!);
    }

    [SharedDataFact]
    public void LogmelMatchesTheTorchaudioReference()
    {
        using var folder = new TempFolder();
        var input = SharedData.Path("reference", "input", "fsdd_3_jackson_7.npy");
        var output = folder.File("mel.npy");
        var (exit, _, error) = Avl("logmel", input, "--preset", "torchaudio", "--sample-rate", "8000", "--n-fft", "400", "--hop", "160", "--n-mels", "64", "--db", "--out", output);
        Assert.True(exit == 0, error);
        var ours = NpyFile.Read(output);
        var reference = NpyFile.Read(SharedData.Path("reference", "melspectrogram_db", "fsdd_3_jackson_7.torchaudio_default.npy"));
        Assert.Equal(reference.Shape, ours.Shape);
        var a = ours.ToSingles();
        var b = reference.ToSingles();
        for (int i = 0; i < a.Length; i++) Assert.InRange(a[i] - b[i], -1e-3f, 1e-3f);

        // WAV input of the same recording gives the same result.
        var fromWav = folder.File("wav.npy");
        Assert.Equal(0, Avl("logmel", SharedData.Path("data", "fsdd", "recordings", "3_jackson_7.wav"), "--n-fft", "400", "--hop", "160", "--n-mels", "64", "--db", "--out", fromWav).Exit);
        Assert.Equal(a, NpyFile.Read(fromWav).ToSingles());
    }

    [Fact]
    public void FailuresExitNonZeroWithOneLineNamingTheFile()
    {
        using var folder = new TempFolder();
        var missing = folder.File("missing.mp4");
        var (exit, _, error) = Avl("frames", missing, "--out", folder.File("out"));
        Assert.NotEqual(0, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(missing, error);
        Assert.Contains("does not exist", error);

        var corrupt = folder.File("corrupt.wav");
        File.WriteAllText(corrupt, "RIFF....WAVEnope");
        (exit, _, error) = Avl("logmel", corrupt, "--out", folder.File("x.npy"));
        Assert.NotEqual(0, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(corrupt, error);

        var npy = folder.File("wave.npy");
        NpyFile.Write(npy, new float[16000], 16000);
        (exit, _, error) = Avl("logmel", npy, "--out", folder.File("y.npy"));
        Assert.Equal(2, exit);
        Assert.Contains("--sample-rate", error);
        Assert.False(File.Exists(folder.File("y.npy")));

        (exit, _, error) = Avl("probe", corrupt);
        Assert.NotEqual(0, exit);
        Assert.Contains(corrupt, error);
    }

    [Fact]
    public void AudioThatWasAskedForAndIsMissingIsAnError()
    {
        using var folder = new TempFolder();
        var mute = Ffmpeg.MakeClip(folder.File("mute.mp4"), 1, audio: false, width: 32, height: 32);
        var (exit, _, error) = Avl("frames", mute, "--count", "2", "--sample-rate", "16000", "--out", folder.File("a"));
        Assert.Equal(1, exit);
        Assert.Contains(mute, error);
        Assert.Contains("--no-audio", error);
        (exit, _, error) = Avl("frames", mute, "--count", "2", "--no-audio", "--out", folder.File("b"));
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(folder.File("b/frames.npy")));
        Assert.False(File.Exists(folder.File("b/audio.npy")));
    }

    [Fact]
    public void StartBeyondTheEndSaysSo()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.MakeClip(folder.File("short.mp4"), 2, width: 32, height: 32);
        var (exit, _, error) = Avl("frames", clip, "--start", "100", "--out", folder.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("--start 100 s is at or beyond the end of the clip", error);
    }

    [Fact]
    public void AFolderAsAnOutputFileIsAClearError()
    {
        using var folder = new TempFolder();
        var npy = folder.File("wave.npy");
        NpyFile.Write(npy, new float[16000], 16000);
        var (exit, _, error) = Avl("logmel", npy, "--sample-rate", "16000", "--out", folder.Path);
        Assert.Equal(1, exit);
        Assert.Contains("names a folder", error);
    }

    [Fact]
    public void ProbeKeepsUnicodePathsReadable()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.MakeClip(folder.File("clip.mp4"), 1, width: 32, height: 32);
        var unicode = folder.File("Übung ♪ 音.mp4");
        File.Move(clip, unicode);
        var (exit, output, error) = Avl("probe", unicode);
        Assert.True(exit == 0, error);
        Assert.Contains("Übung ♪ 音.mp4", output);
    }
}
