using Microsoft.ML.AudioVisual.IO;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.IO;

public sealed class WavFileTests
{
    [SharedDataFact]
    public void ReadsFsddLikeTheReferenceExport()
    {
        // The reference input was exported from the same recording as float32 in [-1, 1].
        var clip = WavFile.Read(SharedData.Path("data", "fsdd", "recordings", "0_george_0.wav"));
        var info = WavFile.ReadInfo(SharedData.Path("data", "fsdd", "recordings", "0_george_0.wav"));
        Assert.Equal((8000, 1, (long)clip.Samples.Length), (info.SampleRate, info.Channels, info.Frames));
        var reference = Microsoft.ML.AudioVisual.IO.NpyFile.Read(SharedData.Path("reference", "input", "fsdd_0_george_0.npy")).ToSingles();
        Assert.Equal(8000, clip.SampleRate);
        Assert.Equal(reference.Length, clip.Samples.Length);
        for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], clip.Samples[i], 6);
    }

    [Fact]
    public void RoundTripsFloatAndPcm16()
    {
        using var folder = new TempFolder();
        var samples = Enumerable.Range(0, 1000).Select(i => MathF.Sin(i * 0.05f) * 0.5f).ToArray();
        WavFile.Write(folder.File("f.wav"), samples, 22050);
        var f = WavFile.Read(folder.File("f.wav"));
        Assert.Equal(22050, f.SampleRate);
        Assert.Equal(samples, f.Samples);
        WavFile.Write(folder.File("i.wav"), samples, 8000, pcm16: true);
        var i16 = WavFile.Read(folder.File("i.wav"));
        Assert.All(samples.Zip(i16.Samples), p => Assert.InRange(MathF.Abs(p.First - p.Second), 0f, 1f / 32767f));
    }

    [Fact]
    public void StereoIsAveragedToMono()
    {
        using var folder = new TempFolder();
        var path = folder.File("stereo.wav");
        // ffmpeg writes a 16-bit stereo file whose channels differ: left = 1 kHz tone, right = silence.
        Ffmpeg.Run("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=8000:duration=0.1", "-af", "pan=stereo|c0=c0|c1=0*c0", path);
        var clip = WavFile.Read(path);
        Assert.Equal(2, clip.SourceChannels);
        var left = WavFile.Read(path).Samples; // already mono
        float peak = left.Max(MathF.Abs);
        Assert.InRange(peak, 0.0625f - 0.002f, 0.0625f + 0.002f); // sine amplitude 1/8, halved by the mix
    }

    [Fact]
    public void BadFilesNameTheFileAndCause()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.wav");
        File.WriteAllBytes(path, "RIFF\0\0\0\0WAVEjunk"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => WavFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("fmt", error.Message);
        Assert.Throws<FileNotFoundException>(() => WavFile.Read(folder.File("none.wav")));
    }
}
