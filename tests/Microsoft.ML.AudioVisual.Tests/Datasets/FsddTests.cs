using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class FsddTests
{
    private static string Root => SharedData.Path("data", "fsdd");

    [SharedDataFact]
    public void ScansTheSharedRecordingsFromEitherFolder()
    {
        var fromRoot = Fsdd.Scan(Root);
        var fromRecordings = Fsdd.Scan(Path.Combine(Root, "recordings"));
        Assert.Equal(2500, fromRoot.Count);
        Assert.Equal(fromRoot, fromRecordings);
        Assert.Equal(["george", "jackson", "lucas", "nicolas", "yweweler"], fromRoot.Select(r => r.Speaker).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(250, fromRoot.Count(r => r.IsOfficialTest));
        Assert.All(fromRoot.GroupBy(r => r.Digit), g => Assert.Equal(250, g.Count()));

        // Sorted by digit, speaker, then take as a number (take 10 after take 9).
        Assert.Equal(new FsddRecording(Path.Combine(Root, "recordings", "0_george_0.wav"), 0, "george", 0), fromRoot[0]);
        Assert.Equal(9, fromRoot[9].Take);
        Assert.Equal(10, fromRoot[10].Take);
        Assert.Equal("jackson", fromRoot[50].Speaker);
        Assert.Equal(("yweweler", 9, 49), (fromRoot[^1].Speaker, fromRoot[^1].Digit, fromRoot[^1].Take));
    }

    [Fact]
    public void IgnoresOtherFilesAndFailsClearlyWhenEmpty()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "3_bob_12.wav", "3_bob_2.wav", "1_zed_0.WAV", "notes.txt", "3_bob.wav", "12_bob_1.wav", "x_bob_1.wav" })
            File.WriteAllBytes(folder.File(name), []);
        var recordings = Fsdd.Scan(folder.Path);
        Assert.Equal([(1, "zed", 0), (3, "bob", 2), (3, "bob", 12)], recordings.Select(r => (r.Digit, r.Speaker, r.Take)));
        Assert.True(recordings[0].IsOfficialTest);
        Assert.False(recordings[2].IsOfficialTest);

        using var empty = new TempFolder();
        File.WriteAllText(empty.File("readme.md"), "no audio");
        var error = Assert.Throws<InvalidDataException>(() => Fsdd.Scan(empty.Path));
        Assert.Contains(empty.Path, error.Message);
        Assert.Throws<DirectoryNotFoundException>(() => Fsdd.Scan(empty.File("absent")));
    }

    [SharedDataFact]
    public void ShortClipsArePaddedInTheCentre()
    {
        var recording = Fsdd.Scan(Root).Single(r => r is { Digit: 6, Speaker: "yweweler", Take: 3 }); // the shortest, 1,148 samples
        var native = WavFile.Read(recording.Path).Samples;
        var waveform = Fsdd.LoadWaveform(recording);
        Assert.Equal(8000, waveform.Length);
        int before = (8000 - native.Length) / 2;
        Assert.Equal(native, waveform.AsSpan(before, native.Length).ToArray());
        Assert.All(waveform[..before], v => Assert.Equal(0f, v));
        Assert.All(waveform[(before + native.Length)..], v => Assert.Equal(0f, v));
    }

    [SharedDataFact]
    public void LongClipsAreCroppedInTheCentre()
    {
        var recording = Fsdd.Scan(Root).Single(r => r is { Digit: 3, Speaker: "lucas", Take: 7 }); // the longest, 10,504 samples
        var native = WavFile.Read(recording.Path).Samples;
        Assert.Equal(10504, native.Length);
        Assert.Equal(native.AsSpan(1252, 8000).ToArray(), Fsdd.LoadWaveform(recording));
        Assert.Equal(native.AsSpan(2252, 6000).ToArray(), Fsdd.LoadWaveform(recording, seconds: 0.75));
    }

    [SharedDataFact]
    public void ResamplesToTheRequestedRate()
    {
        var recording = Fsdd.Scan(Root)[0];
        var native = WavFile.Read(recording.Path).Samples;
        var waveform = Fsdd.LoadWaveform(recording, sampleRate: 16000, seconds: 0.5);
        Assert.Equal(8000, waveform.Length);
        // Energy is kept by band-limited upsampling (twice the samples, about the same mean square).
        double nativePower = native.Average(v => (double)v * v), resampledPower = waveform.Sum(v => (double)v * v) / (2.0 * native.Length);
        Assert.True(native.Length * 2 <= waveform.Length, "the whole clip fits in 0.5 s at 16 kHz");
        Assert.InRange(resampledPower / nativePower, 0.9, 1.1);
    }

    [Fact]
    public void FitCentredPutsTheOddSampleAfter()
    {
        Assert.Equal([0f, 1f, 2f, 0f, 0f], Fsdd.FitCentred([1f, 2f], 5));
        Assert.Equal([2f, 3f], Fsdd.FitCentred([1f, 2f, 3f, 4f, 5f], 2));
        Assert.Equal([1f, 2f, 3f], Fsdd.FitCentred([1f, 2f, 3f], 3));
    }
}
