using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Tests.Separation;
using SkiaSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// <c>avl train separator --videos</c>, <c>avl separate</c> with its PNGs and <c>--pixels</c>, imported official models in
/// <c>avl separate</c>, and <c>avl demo separation</c>, with tiny settings.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SeparationCommandTests : IClassFixture<SoundOfPixelsNetworkReference>, IClassFixture<SoundOfPixelsPreprocessingReference>
{
    private readonly SoundOfPixelsNetworkReference networks;
    private readonly SoundOfPixelsPreprocessingReference preprocessing;

    public SeparationCommandTests(SoundOfPixelsNetworkReference networks, SoundOfPixelsPreprocessingReference preprocessing)
    {
        this.networks = networks;
        this.preprocessing = preprocessing;
    }

    [Fact]
    public void TrainSeparatorNeedsExactlyOneSourceOfData()
    {
        using var folder = new TempFolder();
        var (exit, _, error) = AvlCommandTests.Avl("train", "separator", "--out", folder.File("m.zip"));
        Assert.Equal(2, exit);
        Assert.Contains("--videos DIR, or --fsdd DIR --mnist DIR", error);

        (exit, _, error) = AvlCommandTests.Avl("train", "separator", "--videos", folder.Path, "--fsdd", folder.Path, "--mnist", folder.Path, "--out", folder.File("m.zip"));
        Assert.Equal(2, exit);
        Assert.Contains("give one of them", error);

        (exit, _, error) = AvlCommandTests.Avl("train", "separator", "--fsdd", folder.Path, "--mnist", folder.Path, "--frames-per-clip", "3", "--out", folder.File("m.zip"));
        Assert.Equal(2, exit);
        Assert.Contains("--frames-per-clip applies only with --videos", error);
        Assert.False(File.Exists(folder.File("m.zip")));
    }

    [Fact]
    public void TrainSeparatorDefaultsAreTheApisDefaults()
    {
        var (exit, help, _) = AvlCommandTests.Avl("train", "separator", "--help");
        Assert.Equal(0, exit);
        string Default(string flag) =>
            help.Split('\n').Single(line => line.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal)).Split("[default: ")[1].TrimEnd().TrimEnd(']');
        var options = new MixAndSeparateOptions();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        Assert.Equal(options.Epochs.ToString(culture), Default("--epochs"));
        Assert.Equal(options.BatchSize.ToString(culture), Default("--batch-size"));
        Assert.Equal(options.LearningRate.ToString(culture), Default("--lr"));
        Assert.Equal(options.LearningRateSchedule.ToString().ToLowerInvariant(), Default("--lr-schedule"));
        Assert.Equal(options.SourceGain.ToString(culture), Default("--source-gain"));
        Assert.Equal(options.MixtureGain.ToString(culture), Default("--mixture-gain"));
        Assert.Equal(options.Sources.ToString(culture), Default("--sources"));
        Assert.Equal("per-source", Default("--loss-weight"));
        Assert.Equal(options.Mask.ToString().ToLowerInvariant(), Default("--mask"));
        Assert.Equal((SeparationFrequencyAxis.Logarithmic, "log"), (options.FrontEnd.FrequencyAxis, Default("--frequency-axis")));
        Assert.Equal(options.Architecture.Upsampling == UNetUpsampling.TransposedConvolution ? "transposed" : "bilinear", Default("--upsampling"));
        Assert.Equal(options.Architecture.Width.ToString(culture), Default("--sound-net-width"));
        Assert.Equal(SeparationLossWeight.PerSource, options.LossWeight);
        Assert.Equal("18", Default("--max-minutes"));
        // On, as the API's default (System.CommandLine prints no default for a flag); `--condition-sound-net false` turns
        // it off (the video test below).
        Assert.True(options.Architecture.ConditionSoundNet);
        Assert.Contains("--condition-sound-net ", help);
    }

    [SharedDataFact]
    public void TrainsOnVideosThenSeparatesWithPicturesAndPixelMaps()
    {
        using var folder = new TempFolder();
        string videos = Path.Combine(folder.Path, "videos");
        Directory.CreateDirectory(videos);
        string[] names = ["bbaf2n.mpg", "brbk7n.mpg", "lbax4n.mpg"];
        foreach (var name in names) File.Copy(SharedData.Path("data", "video", "grid", name), Path.Combine(videos, name));

        string model = folder.File("separator.zip");
        var (exit, output, error) = AvlCommandTests.Avl("train", "separator", "--videos", videos, "--out", model, "--epochs", "1",
            "--mixtures-per-epoch", "4", "--batch-size", "2", "--threads", "2", "--max-minutes", "1", "--source-gain", "3", "--mixture-gain", "9", "--lr-schedule", "cosine", "--loss-weight", "mixture", "--condition-sound-net", "false", "--mask", "wiener", "--frequency-axis", "linear",
            "--upsampling", "bilinear", "--sound-net-width", "8");
        Assert.True(exit == 0, error + output);
        Assert.Contains("of 3 videos", output);

        using var loaded = new MLContext(seed: 0).AudioVisual().LoadTransformer<MixAndSeparateTransformer>(model);
        var frontEnd = loaded.FrontEnd;
        Assert.Equal(new VisualShape(1, 3, frontEnd.ImageSize, frontEnd.ImageSize), loaded.VisualShape);
        Assert.Equal(SeparationRows.GroupColumnName, loaded.Options.GroupColumnName);
        Assert.Equal(SeparationImageInput.UnitRange, loaded.ImageInput);
        Assert.Equal((3.0, 9.0, AudioVisual.Training.LearningRateSchedule.Cosine), (loaded.Options.SourceGain, loaded.Options.MixtureGain, loaded.Options.LearningRateSchedule));
        Assert.Equal(SeparationLossWeight.Mixture, loaded.Options.LossWeight);
        Assert.False(loaded.Options.Architecture.ConditionSoundNet);
        Assert.Equal((UNetUpsampling.BilinearConvolution, 8), (loaded.Options.Architecture.Upsampling, loaded.Options.Architecture.Width));
        Assert.Equal(SeparationMask.Wiener, loaded.Options.Mask);
        Assert.Equal(SeparationFrequencyAxis.Linear, loaded.FrontEnd.FrequencyAxis);

        // A mixture of two of the talkers, separated by their videos' first frames.
        var first = MediaDecoder.DecodeAudio(Path.Combine(videos, names[0]), frontEnd.SampleRate).Samples;
        var second = MediaDecoder.DecodeAudio(Path.Combine(videos, names[1]), frontEnd.SampleRate).Samples;
        var mixture = first.Zip(second, (a, b) => (a + b) / 2).ToArray();
        WavFile.Write(folder.File("mixture.wav"), mixture, frontEnd.SampleRate);
        string outFolder = Path.Combine(folder.Path, "separated");
        (exit, output, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", folder.File("mixture.wav"),
            "--image", Path.Combine(videos, names[0]), "--image", Path.Combine(videos, names[1]), "--out", outFolder, "--pixels", "--mask-exponent", "2", "--time-shifts", "3");
        Assert.True(exit == 0, error + output);

        // The files match what the API separates with the same pictures, mask exponent and time shifts.
        Assert.Contains(loaded.MaskExponent, MixAndSeparateOptions.MaskExponentCandidates);
        Assert.Equal(MixAndSeparateOptions.DefaultTimeShifts, loaded.TimeShifts);
        loaded.MaskExponent = 2;
        loaded.TimeShifts = 3;
        float[][] visuals = [.. names.Take(2).Select(n => SeparationImageFiles.Load(loaded, Path.Combine(videos, n)).Visual)];
        var expected = loaded.Separate(WavFile.Read(folder.File("mixture.wav")).Samples, visuals);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected.Sources[i], WavFile.Read(Path.Combine(outFolder, $"source_{i}.wav")).Samples);
            var mask = NpyFile.Read(Path.Combine(outFolder, $"mask_{i}.npy"));
            Assert.Equal([expected.MaskBins, expected.MaskFrames], mask.Shape);
            // One column per STFT frame, two rows per log-frequency bin (128 bins).
            AssertPng(Path.Combine(outFolder, $"mask_{i}.png"), expected.MaskFrames, 2 * expected.MaskBins);
            AssertPng(Path.Combine(outFolder, $"source_{i}_spectrogram.png"), expected.MaskFrames, 2 * expected.MaskBins);
            // The 64-pixel picture enlarged 4 times.
            AssertPng(Path.Combine(outFolder, $"pixels_{i}.png"), 4 * frontEnd.ImageSize, 4 * frontEnd.ImageSize);
        }
        AssertPng(Path.Combine(outFolder, "mixture_spectrogram.png"), expected.MaskFrames, 2 * expected.MaskBins);

        (exit, _, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", folder.File("mixture.wav"),
            "--image", Path.Combine(videos, names[0]), "--image", Path.Combine(videos, names[1]), "--out", outFolder, "--mask-exponent", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--mask-exponent must be a positive number", error);

        (exit, _, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", folder.File("mixture.wav"),
            "--image", Path.Combine(videos, names[0]), "--image", Path.Combine(videos, names[1]), "--out", outFolder, "--time-shifts", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--time-shifts must be at least 1", error);
    }

    [SharedDataFact]
    public void DemoSeparatesAHeldOutMixtureOfTwoInstruments()
    {
        using var folder = new TempFolder();
        string instruments = Path.Combine(folder.Path, "instruments");
        Directory.CreateDirectory(instruments);
        foreach (var name in new[] { "clarinet", "guitar", "harp" })
            foreach (var extension in new[] { ".png", ".ogg" })
                File.Copy(SharedData.Path("data", "gcompris", "instruments", name + extension), Path.Combine(instruments, name + extension));

        string outFolder = Path.Combine(folder.Path, "demo");
        var (exit, output, error) = AvlCommandTests.Avl("demo", "separation", "--instruments", instruments, "--out", outFolder, "--pair", "guitar,harp",
            "--epochs", "1", "--mixtures-per-epoch", "4", "--max-minutes", "1", "--threads", "2");
        Assert.True(exit == 0, error + output);

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outFolder, "report.json")))!;
        Assert.Equal(["guitar", "harp"], report["pair"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(3, (int)report["instruments"]!);
        Assert.True((bool)report["normalized_masks"]!);
        Assert.Contains((double)report["mask_exponent"]!, MixAndSeparateOptions.MaskExponentCandidates);
        var scores = report["demo_mixture"]!;
        // 2 s held out at 8 kHz in clips of 4,095 samples: 4 clips, each scored unless a source is silent.
        var set = InstrumentSeparationSet.Load(instruments, new MixAndSeparateOptions().FrontEnd);
        Assert.Equal(set.HeldOutClips, (int)scores["mixtures"]! + (int)scores["skipped"]!);
        foreach (var key in new[] { "nsdr", "sdr", "sir", "sar", "mixture_sdr", "oracle_ibm_nsdr" })
            Assert.True(double.IsFinite((double)scores[key]!), $"{key} is {scores[key]}");
        foreach (var file in new[] { "model.zip", "mixture.wav", "source_0.wav", "source_1.wav", "reference_0.wav", "reference_1.wav", "mask_0.png",
                     "mixture_spectrogram.png", "source_1_spectrogram.png", "reference_0_spectrogram.png", "pixels_0.png", "pixels_1.png", "report.html" })
            Assert.True(File.Exists(Path.Combine(outFolder, file)), file);
        // The references add up to the mixture.
        var mixture = WavFile.Read(Path.Combine(outFolder, "mixture.wav")).Samples;
        var sum = WavFile.Read(Path.Combine(outFolder, "reference_0.wav")).Samples.Zip(WavFile.Read(Path.Combine(outFolder, "reference_1.wav")).Samples, (a, b) => a + b);
        Assert.All(mixture.Zip(sum), p => Assert.Equal(p.First, p.Second, 1e-6f));

        (exit, _, error) = AvlCommandTests.Avl("demo", "separation", "--instruments", instruments, "--out", outFolder, "--pair", "guitar,tuba");
        Assert.Equal(2, exit);
        Assert.Contains("No instrument 'tuba'; there are clarinet, guitar, harp", error);
    }

    [TorchPythonFact]
    public void ImportedOfficialModelsSeparateWithTheOfficialImageConventions()
    {
        using var folder = new TempFolder();
        string model = folder.File("official.zip");
        var (exit, output, error) = AvlCommandTests.Avl("import", "sound-of-pixels", "--sound", networks.File("sound_best.pth"),
            "--frame", networks.File("frame_best.pth"), "--synthesizer", networks.File("synthesizer_best.pth"), "--out", model);
        Assert.True(exit == 0, error + output);

        // Two pictures that are not 224 x 224: the shorter side is resized (Pillow bicubic), the centre cropped.
        string[] names = ["image_landscape", "image_portrait"];
        var pictures = names.Select(name =>
        {
            var image = NpyFile.Read(preprocessing.File(name + ".npy"));
            string png = folder.File(name + ".png");
            ToySeparators.WritePng(png, (byte[])image.Data, image.Shape[0], image.Shape[1]);
            return png;
        }).ToArray();
        var (waveform, _) = preprocessing.Array("waveform");
        WavFile.Write(folder.File("mixture.wav"), waveform, 11025);
        string outFolder = Path.Combine(folder.Path, "separated");
        (exit, output, error) = AvlCommandTests.Avl("separate", "--model", model, "--mixture", folder.File("mixture.wav"), "--image", pictures[0], "--image", pictures[1],
            "--out", outFolder, "--pixels");
        Assert.True(exit == 0, error + output);

        // The CLI's sources are those of the official frames: torchvision's preprocessing of the pictures, three frames each.
        using var loaded = new MLContext(seed: 0).AudioVisual().LoadTransformer<MixAndSeparateTransformer>(model);
        Assert.Equal(SeparationImageInput.SoundOfPixels, loaded.ImageInput);
        Assert.Equal(1, loaded.TimeShifts); // the official code separates each mixture once
        float[][] official = [.. names.Select(name =>
        {
            var frame = preprocessing.Array(name + "_normalised").Values;
            return Enumerable.Repeat(frame, 3).SelectMany(f => f).ToArray();
        })];
        var expected = loaded.Separate(waveform, official);
        for (int i = 0; i < 2; i++)
        {
            // The frames agree with torchvision's to float rounding (1e-6), so the masks do before the 0.5 threshold, which a
            // bin at the threshold could cross: the masks are compared, not the waveforms.
            var mask = NpyFile.Read(Path.Combine(outFolder, $"mask_{i}.npy")).ToSingles();
            Assert.Equal(expected.Masks[i].Length, mask.Length);
            Assert.All(expected.Masks[i].Zip(mask), p => Assert.Equal(p.First, p.Second, 1e-4f));
            Assert.Equal(waveform.Length, WavFile.Read(Path.Combine(outFolder, $"source_{i}.wav")).Samples.Length);
            // The dilated ResNet-18 maps 224 pixels to 14 x 14 cells; the overlay is drawn on the 224-pixel crop.
            AssertPng(Path.Combine(outFolder, $"pixels_{i}.png"), 224, 224);
        }
        AssertPng(Path.Combine(outFolder, "mask_0.png"), 256, 256);
    }

    private static void AssertPng(string path, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.True(bitmap is not null, $"{path} is not a PNG");
        Assert.Equal((width, height), (bitmap!.Width, bitmap.Height));
    }
}
