using System.Text.Json;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

[Collection(TorchCollection.Name)]
public sealed class SoundOfPixelsNetworkTests
{
    public SoundOfPixelsNetworkTests() => torch.set_num_threads(2);

    [Fact]
    public void SmallPresetGivesTheDocumentedShapes()
    {
        // The preset conditions its sound net on the pictures; its late-fusion form gives the shared maps.
        Assert.True(SeparationArchitecture.Small.ConditionSoundNet);
        var architecture = SeparationArchitecture.Small with { ConditionSoundNet = false };
        using var network = new SoundOfPixelsNetwork(architecture);
        using var conditioned = new SoundOfPixelsNetwork(SeparationArchitecture.Small);
        network.eval();
        conditioned.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var spectrograms = randn(4, 1, 128, 128);
        Assert.Equal(new long[] { 4, 16, 128, 128 },
            conditioned.SoundFeatures(spectrograms, conditioned.FrameFeatures(randn(new long[] { 4, 3, 3, 64, 64 }))).shape);
        var sound = network.SoundFeatures(spectrograms);
        var features = network.FrameFeatures(randn(new long[] { 4, 3, 3, 64, 64 }));
        var map = network.FrameFeatureMap(randn(new long[] { 4, 3, 3, 64, 64 }));
        Assert.Equal(new long[] { 4, 16, 128, 128 }, sound.shape);
        Assert.Equal(new long[] { 4, 16 }, features.shape);
        Assert.Equal(new long[] { 4, 16, 8, 8 }, map.shape);
        Assert.Equal(new long[] { 4, 1, 128, 128 }, network.MaskLogits(features, sound).shape);
        Assert.Equal(new long[] { 4, 64, 128, 128 }, network.PixelMaskLogits(map, sound).shape);
        // Sigmoid image activation: features are gates in (0, 1).
        Assert.True(features.min().item<float>() > 0 && features.max().item<float>() < 1);
    }

    [Fact]
    public void PaperPresetGivesTheOfficialShapes()
    {
        using var network = new SoundOfPixelsNetwork(SeparationArchitecture.Paper);
        network.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        // The official input is 256 x 256; any multiple of 2^7 fits, and 128 x 128 keeps the test fast.
        var sound = network.SoundFeatures(randn(1, 1, 128, 128));
        Assert.Equal(new long[] { 1, 32, 128, 128 }, sound.shape);
        // Output stride 16: 224 px frames would give 14 x 14; 64 px give 4 x 4.
        var map = network.FrameFeatureMap(randn(new long[] { 1, 2, 3, 64, 64 }));
        Assert.Equal(new long[] { 1, 32, 4, 4 }, map.shape);
        Assert.Equal(new long[] { 1, 16, 128, 128 }, network.PixelMaskLogits(map, sound).shape);
    }

    [Fact]
    public void ParameterCountsMatchTheOfficialNetworksAndTheSmallDesign()
    {
        using var paper = new SoundOfPixelsNetwork(SeparationArchitecture.Paper);
        // Counted by PyTorch 1.13 on the official Unet(fc_dim=32, num_downs=7), ResnetDilated(resnet18) and InnerProd(32).
        Assert.Equal(30_274_210, Count(paper.Sound));
        Assert.Equal(11_324_000, Count(paper.Frame));
        Assert.Equal(33, Count(paper.Synthesizer));

        var small = SeparationArchitecture.Small;
        using var network = new SoundOfPixelsNetwork(small);
        Assert.Equal(UNetParameters(small), Count(network.Sound));
        Assert.InRange(Count(network.Sound), 1_000_000, 1_100_000); // transposed decoder: about 1.05 M
        long tower = small.FrameTower.Widths.Select((w, i) => (9L * (i == 0 ? 3 : small.FrameTower.Widths[i - 1]) * w) + (2L * w)).Sum();
        Assert.Equal(tower + (9L * small.FrameTower.OutputChannels * small.Channels) + small.Channels, Count(network.Frame));
    }

    [Fact]
    public void SameSeedGivesTheSameWeightsAndOutputs()
    {
        float[] Run()
        {
            torch.manual_seed(42);
            using var network = new SoundOfPixelsNetwork(SeparationArchitecture.Small with { Downs = 3, Width = 4, Channels = 3, FrameTower = new() { Widths = [4, 8] }, ConditionSoundNet = false });
            network.eval();
            using var scope = NewDisposeScope();
            torch.manual_seed(1);
            var spectrogram = randn(2, 1, 16, 16);
            var frames = randn(new long[] { 2, 3, 3, 16, 16 });
            using var inference = inference_mode();
            return network.MaskLogits(network.FrameFeatures(frames), network.SoundFeatures(spectrogram)).data<float>().ToArray();
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.Contains(first, v => v != first[0]);
    }

    [Fact]
    public void SynthesizerIsTheScaledInnerProductPerBinAndPerPixel()
    {
        torch.manual_seed(3);
        var architecture = SeparationArchitecture.Small with { Downs = 2, Width = 4, Channels = 5, FrameTower = new() { Widths = [4] } };
        using var network = new SoundOfPixelsNetwork(architecture);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.Synthesizer.parameters().First().copy_(randn(5));
        var sound = randn(2, 5, 4, 8);
        var map = rand(2, 5, 3, 2);
        var pixels = network.PixelMaskLogits(map, sound);
        var scale = network.Synthesizer.parameters().First();
        float bias = network.Synthesizer.parameters().Last().item<float>();
        for (int p = 0; p < 6; p++)
        {
            var features = map.reshape(2, 5, 6)[.., .., p];
            var expected = (features.reshape(2, 5, 1, 1) * scale.reshape(1, 5, 1, 1) * sound).sum(1, keepdim: true) + bias;
            Assert.True(allclose(network.MaskLogits(features, sound), expected, rtol: 1e-5, atol: 1e-6));
            Assert.True(allclose(pixels[.., p..(p + 1)], expected, rtol: 1e-5, atol: 1e-6));
        }
    }

    [Fact]
    public void AConditionedSoundNetComputesItsMapsForEachSourceFromItsFrameFeatures()
    {
        torch.manual_seed(5);
        var architecture = SeparationArchitecture.Small with { Downs = 3, Width = 4, Channels = 3, FrameTower = new() { Widths = [4, 8] }, ConditionSoundNet = true };
        using var network = new SoundOfPixelsNetwork(architecture);
        network.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var spectrograms = randn(2, 1, 16, 16);
        var features = network.FrameFeatures(randn(new long[] { 4, 1, 3, 16, 16 }));   // two sources per spectrogram
        var sound = network.SoundFeatures(spectrograms, features);
        Assert.Equal(new long[] { 4, 3, 16, 16 }, sound.shape);
        for (int i = 0; i < 4; i++)
        {
            var alone = network.SoundFeatures(spectrograms[(i / 2)..((i / 2) + 1)], features[i..(i + 1)]);
            Assert.True(allclose(sound[i..(i + 1)], alone, rtol: 1e-4, atol: 1e-5), $"source {i}");
        }
        Assert.False(allclose(sound[0], sound[1], rtol: 1e-3, atol: 1e-4));   // same mixture, other picture: other maps
        Assert.Contains("frame features", Assert.Throws<ArgumentException>(() => network.SoundFeatures(spectrograms)).Message);
        Assert.Throws<ArgumentException>(() => network.SoundFeatures(spectrograms, features[..3]));
        var json = JsonSerializer.Serialize(architecture, ModelArchive.Json);
        Assert.True(JsonSerializer.Deserialize<SeparationArchitecture>(json, ModelArchive.Json)!.ConditionSoundNet);
    }

    [Theory]
    [InlineData(UNetUpsampling.BilinearConvolution)]
    [InlineData(UNetUpsampling.TransposedConvolution)]
    public void EitherDecoderUpSamplingGivesTheInputsSizeAndIsSaved(UNetUpsampling upsampling)
    {
        torch.manual_seed(6);
        var architecture = SeparationArchitecture.Small with { Downs = 3, Width = 4, Channels = 3, FrameTower = new() { Widths = [4, 8] }, Upsampling = upsampling, ConditionSoundNet = false };
        using var network = new SoundOfPixelsNetwork(architecture);
        Assert.Equal(UNetParameters(architecture), Count(network.Sound));
        network.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var sound = network.SoundFeatures(randn(2, 1, 16, 24));
        Assert.Equal(new long[] { 2, 3, 16, 24 }, sound.shape);
        Assert.True(sound.isfinite().all().item<bool>());
        var json = JsonSerializer.SerializeToNode(architecture, ModelArchive.Json)!.AsObject();
        Assert.Equal(upsampling, JsonSerializer.Deserialize<SeparationArchitecture>(json, ModelArchive.Json)!.Upsampling);
        // Archives written before the setting existed have no such key: they hold the official bilinear decoder.
        Assert.True(json.Remove("upsampling"));
        Assert.Equal(UNetUpsampling.BilinearConvolution, JsonSerializer.Deserialize<SeparationArchitecture>(json, ModelArchive.Json)!.Upsampling);
    }

    [Fact]
    public void RejectsInputsThatDoNotFit()
    {
        using var network = new SoundOfPixelsNetwork(SeparationArchitecture.Small);
        using var scope = NewDisposeScope();
        var spectrogramError = Assert.Throws<ArgumentException>(() => network.SoundFeatures(zeros(1, 1, 100, 128)));
        Assert.Contains("multiples of 32", spectrogramError.Message);
        Assert.Throws<ArgumentException>(() => network.SoundFeatures(zeros(1, 2, 128, 128)));
        Assert.Throws<ArgumentException>(() => network.FrameFeatures(zeros(1, 3, 64, 64)));
        Assert.Throws<ArgumentException>(() => network.MaskLogits(zeros(1, 8), zeros(1, 16, 32, 32)));
    }

    [Fact]
    public void ArchitectureValidatesAndRoundTripsThroughJson()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (SeparationArchitecture.Paper with { Downs = 1 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (SeparationArchitecture.Paper with { Width = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (SeparationArchitecture.Small with { FrameTower = new() { Widths = [] } }).Validate());
        var json = JsonSerializer.Serialize(SeparationArchitecture.Small, ModelArchive.Json);
        Assert.Contains("\"Small\"", json);
        var back = JsonSerializer.Deserialize<SeparationArchitecture>(json, ModelArchive.Json)!;
        Assert.Equal(SeparationArchitecture.Small.FrameTower.Widths, back.FrameTower.Widths);
        Assert.Equal(SeparationArchitecture.Small with { FrameTower = back.FrameTower }, back);
    }

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>The U-Net's parameters in closed form: 4x4 down convolutions, 3x3 (bilinear) or 4x4 (transposed) up convolutions, BatchNorm pairs.</summary>
    private static long UNetParameters(SeparationArchitecture a)
    {
        int n = a.Downs;
        long up = a.Upsampling == UNetUpsampling.TransposedConvolution ? 16 : 9; // kernel taps of the decoder convolutions
        long total = 2 + (16L * a.LevelWidth(0)); // input BatchNorm, outermost down convolution
        for (int i = 1; i < n; i++) total += (16L * a.LevelWidth(i - 1) * a.LevelWidth(i)) + (i < n - 1 ? 2L * a.LevelWidth(i) : 0);
        total += (up * a.LevelWidth(n - 1) * a.LevelWidth(n - 2)) + (2L * a.LevelWidth(n - 2)); // innermost up
        for (int i = 1; i < n - 1; i++) total += (up * 2 * a.LevelWidth(i) * a.LevelWidth(i - 1)) + (2L * a.LevelWidth(i - 1));
        return total + (up * 2 * a.LevelWidth(0) * a.Channels) + a.Channels; // outermost up, with bias
    }
}
