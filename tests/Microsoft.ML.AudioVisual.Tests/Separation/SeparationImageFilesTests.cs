using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>
/// <see cref="SeparationImageFiles"/>: image files become a model's pictures with the model's conventions, the official
/// preprocessing for imported Sound of Pixels models, [0, 1] stretched pictures for trained ones.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SeparationImageFilesTests : IClassFixture<SoundOfPixelsPreprocessingReference>
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];
    private readonly SoundOfPixelsPreprocessingReference reference;
    private readonly ITestOutputHelper output;

    public SeparationImageFilesTests(SoundOfPixelsPreprocessingReference reference, ITestOutputHelper output)
    {
        this.reference = reference;
        this.output = output;
        torch.set_num_threads(1);
    }

    [Fact]
    public void OfficialModelsGetTheOfficialPreprocessingOnEveryFrame()
    {
        using var folder = new TempFolder();
        const int height = 10, width = 12;
        var rgb = ToySeparators.Pattern(height, width);
        ToySeparators.WritePng(folder.File("picture.png"), rgb, height, width);
        using var model = ToySeparators.Create(new VisualShape(3, 3, 8, 8), imageInput: SeparationImageInput.SoundOfPixels);

        var picture = SeparationImageFiles.Load(model, folder.File("picture.png"));
        var expected = SeparationImage.Preprocess(rgb, height, width, 8);
        Assert.Equal(3 * expected.Length, picture.Visual.Length);
        for (int t = 0; t < 3; t++) Assert.Equal(expected, picture.Visual.AsSpan(t * expected.Length, expected.Length).ToArray());
        // The display image is the crop the model sees, back in [0, 1].
        Assert.Equal((3, 8, 8), (picture.DisplayChannels, picture.DisplayHeight, picture.DisplayWidth));
        for (int i = 0; i < expected.Length; i++) Assert.Equal((expected[i] * Std[i / 64]) + Mean[i / 64], picture.Display[i], 1e-6f);
    }

    [Fact]
    public void TrainedModelsGetStretchedPicturesInTheUnitRange()
    {
        using var folder = new TempFolder();
        ToySeparators.WritePng(folder.File("picture.png"), ToySeparators.Pattern(10, 12), 10, 12);
        using var model = ToySeparators.Create(new VisualShape(1, 1, 8, 8));
        var picture = SeparationImageFiles.Load(model, folder.File("picture.png"));
        Assert.Equal(ModelInputFiles.Image(folder.File("picture.png"), 1, 8, 8), picture.Visual);
        Assert.Equal(picture.Visual, picture.Display);
        Assert.Equal(1, picture.DisplayChannels);
        Assert.Throws<MediaLoadException>(() => SeparationImageFiles.Load(model, folder.File("absent.png")));
    }

    [Fact]
    public void TheConventionIsSavedAndInferredForArchivesWithoutIt()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        using (var official = ToySeparators.Create(new VisualShape(3, 3, 8, 8), imageInput: SeparationImageInput.SoundOfPixels))
            official.Save(folder.File("official.zip"));
        using (var trained = ToySeparators.Create(new VisualShape(1, 1, 8, 8)))
            trained.Save(folder.File("trained.zip"));
        using (var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File("official.zip")))
            Assert.Equal(SeparationImageInput.SoundOfPixels, loaded.ImageInput);

        // Archives written before the convention was saved: imports (identity standardisation) are official, the rest trained.
        foreach (var (file, expected) in new[] { ("official.zip", SeparationImageInput.SoundOfPixels), ("trained.zip", SeparationImageInput.UnitRange) })
        {
            RemoveManifestKey(folder.File(file), "imageInput");
            using var loaded = context.AudioVisual().LoadTransformer<MixAndSeparateTransformer>(folder.File(file));
            Assert.Equal(expected, loaded.ImageInput);
        }
    }

    [TorchPythonFact]
    public void OfficialPicturesMatchTorchvision()
    {
        using var folder = new TempFolder();
        using var model = ToySeparators.Create(new VisualShape(1, 3, 224, 224), imageInput: SeparationImageInput.SoundOfPixels);
        foreach (var name in new[] { "image_landscape", "image_portrait", "image_small" })
        {
            var image = Microsoft.ML.AudioVisual.IO.NpyFile.Read(reference.File(name + ".npy"));
            string png = folder.File(name + ".png");
            ToySeparators.WritePng(png, (byte[])image.Data, image.Shape[0], image.Shape[1]);
            var picture = SeparationImageFiles.Load(model, png);
            reference.AssertClose(name + "_normalised", picture.Visual, [3, 224, 224], output, absolute: 1e-6);
        }
    }

    private static void RemoveManifestKey(string path, string key)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        JsonObject manifest;
        using (var reader = new StreamReader(entry.Open())) manifest = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        Assert.True(manifest.Remove(key));
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write(manifest.ToJsonString());
    }
}
