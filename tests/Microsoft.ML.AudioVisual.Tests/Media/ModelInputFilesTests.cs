using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Downstream;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Media;

public sealed class ModelInputFilesTests
{
    [Fact]
    public void ASoundFileBecomesTheModelsSpectrogramCentredInItsClip()
    {
        using var folder = new TempFolder();
        var wav = folder.File("tone.wav");
        var tone = Enumerable.Range(0, 4000).Select(i => 0.5f * MathF.Sin(i * 0.3f)).ToArray(); // 0.5 s at 8 kHz
        WavFile.Write(wav, tone, 8000);
        var frontEnd = new AudioFrontEnd(AudioVisualExamples.FsddFrontEnd(), 1.0);

        var spectrogram = ModelInputFiles.Spectrogram(wav, frontEnd, "m.zip");

        var expected = new SpectrogramComputer(frontEnd.Options).Compute(Fsdd.FitCentred(WavFile.Read(wav).Samples, 8000));
        Assert.Equal(expected, spectrogram);
        var e = Assert.Throws<InvalidOperationException>(() => ModelInputFiles.Spectrogram(wav, null, "old.zip"));
        Assert.Contains("old.zip", e.Message);
    }

    [Fact]
    public void FoldersExpandToTheirFilesOfTheModality()
    {
        using var folder = new TempFolder();
        WavFile.Write(folder.File("b.wav"), new float[800], 8000);
        WavFile.Write(folder.File("a.wav"), new float[800], 8000);
        File.WriteAllText(folder.File("notes.txt"), "not media");

        Assert.Equal([folder.File("a.wav"), folder.File("b.wav")], ModelInputFiles.Expand([folder.Path], MediaModality.Audio));
        var e = Assert.Throws<ArgumentException>(() => ModelInputFiles.Expand([folder.Path], MediaModality.Image));
        Assert.Contains("No image files", e.Message);
        Assert.Throws<FileNotFoundException>(() => ModelInputFiles.Expand([folder.File("missing.wav")], MediaModality.Audio));
    }

    [Fact]
    public void OneChannelImagesAreTheMeanOfRedGreenAndBlue()
    {
        using var folder = new TempFolder();
        var clip = Ffmpeg.MakeClip(folder.File("still.mp4"), 0.2, width: 16, height: 16, audio: false);
        var rgb = ModelInputFiles.Image(clip, 3, 8, 8);
        var grey = ModelInputFiles.Image(clip, 1, 8, 8);
        Assert.Equal(PlanarImage.ToGrey(rgb, 64), grey);
        Assert.Throws<NotSupportedException>(() => ModelInputFiles.Image(clip, 2, 8, 8));
    }
}
