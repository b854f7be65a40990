using Microsoft.ML.AudioVisual.Separation;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>
/// Official checkpoints written by PyTorch (the sound net and synthesizer in torch.save's zip format, the frame net in
/// the legacy format of 2018's checkpoints) load into <see cref="SoundOfPixelsNetwork"/>, and its forward pass
/// matches the official one on the same inputs.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SoundOfPixelsCheckpointTests : IClassFixture<SoundOfPixelsNetworkReference>
{
    private readonly SoundOfPixelsNetworkReference reference;
    private readonly ITestOutputHelper output;

    public SoundOfPixelsCheckpointTests(SoundOfPixelsNetworkReference reference, ITestOutputHelper output)
    {
        this.reference = reference;
        this.output = output;
        torch.set_num_threads(2);
    }

    private SoundOfPixelsNetwork LoadReference() => SoundOfPixelsCheckpoint.Load(
        reference.File("sound_best.pth"), reference.File("frame_best.pth"), reference.File("synthesizer_best.pth"));

    [TorchPythonFact]
    public void ForwardPassMatchesTheOfficialNetworks()
    {
        using var network = LoadReference();
        var paper = SeparationArchitecture.Paper;
        var loaded = network.Architecture;
        Assert.Equal((paper.Downs, paper.Width, paper.Channels, paper.FrameNet), (loaded.Downs, loaded.Width, loaded.Channels, loaded.FrameNet));
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var logMagnitude = Tensor("log_mag");
        var frames = Tensor("frames");

        var sound = network.SoundFeatures(logMagnitude);
        var features = network.FrameFeatures(frames);
        var logits = network.MaskLogits(features, sound);
        var map = network.FrameFeatureMap(frames);
        var pixels = network.PixelMaskLogits(map, sound).index_select(1, tensor(reference.Array("pixel_index").Values.Select(v => (long)v).ToArray()));

        // Features are compared relative to their largest magnitude; masks (sigmoid outputs) absolutely.
        AssertClose("feat_sound", sound, relative: 1e-4);
        AssertClose("feat_frames", features, relative: 1e-4);
        AssertClose("mask_logits", logits, relative: 1e-4);
        AssertClose("frame_map", map, relative: 1e-4);
        AssertClose("pixel_logits", pixels, relative: 1e-4);
        double maskError = AssertClose("pred_mask", logits.sigmoid(), absolute: 1e-3);
        Assert.True(maskError < 1e-4, $"masks differ by {maskError:E2}, expected float rounding only");
    }

    [TorchPythonFact]
    public void StateDictNamesCoverEveryOfficialKey()
    {
        using var network = LoadReference();
        var official = new HashSet<string>(ReadKeys("sound_best.pth"));
        var mapped = network.Sound.state_dict().Keys.Select(k => OfficialCheckpointNames.Sound(k, network.Architecture.Downs)).ToHashSet();
        Assert.Equal(official.OrderBy(k => k), mapped.OrderBy(k => k));
        var frame = new HashSet<string>(ReadKeys("frame_best.pth"));
        Assert.Equal(frame.OrderBy(k => k), network.Frame.state_dict().Keys.Select(OfficialCheckpointNames.Frame).OrderBy(k => k));
    }

    [TorchPythonFact]
    public void SwappedFilesFailNamingTheFileAndTheKeys()
    {
        var error = Assert.Throws<InvalidDataException>(() => SoundOfPixelsCheckpoint.Load(
            reference.File("sound_best.pth"), reference.File("synthesizer_best.pth"), reference.File("synthesizer_best.pth")));
        Assert.Contains("synthesizer_best.pth", error.Message);
        Assert.Contains("missing keys", error.Message);
        Assert.Contains("features.0.weight", error.Message);
        Assert.Contains("unexpected keys (2)", error.Message);
        Assert.Contains("scale", error.Message);

        var notSound = Assert.Throws<InvalidDataException>(() => SoundOfPixelsCheckpoint.Load(
            reference.File("frame_best.pth"), reference.File("frame_best.pth"), reference.File("synthesizer_best.pth")));
        Assert.Contains("frame_best.pth", notSound.Message);
        Assert.Contains("unet_block.model.0.weight", notSound.Message);
    }

    [Fact]
    public void UnreadableFilesFailNamingTheFile()
    {
        using var folder = new TempFolder();
        string text = folder.File("notes.pth");
        File.WriteAllText(text, "not a checkpoint");
        var error = Assert.Throws<InvalidDataException>(() => TorchCheckpointFile.Read(text));
        Assert.Contains(text, error.Message);

        string truncated = folder.File("truncated.pth");
        File.WriteAllBytes(truncated, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc]);
        var cut = Assert.Throws<InvalidDataException>(() => TorchCheckpointFile.Read(truncated));
        Assert.Contains(truncated, cut.Message);

        var missing = Assert.Throws<FileNotFoundException>(() => TorchCheckpointFile.Read(folder.File("absent.pth")));
        Assert.Contains("absent.pth", missing.Message);
    }

    private IEnumerable<string> ReadKeys(string file)
    {
        var state = TorchCheckpointFile.Read(reference.File(file));
        foreach (var tensor in state.Values) tensor.Dispose();
        return state.Keys;
    }

    private Tensor Tensor(string name)
    {
        var (values, shape) = reference.Array(name);
        return tensor(values, shape.Select(d => (long)d).ToArray());
    }

    private double AssertClose(string name, Tensor actual, double relative = 0, double absolute = 0) =>
        reference.AssertClose(name, actual.contiguous().data<float>().ToArray(), actual.shape, output, relative, absolute);
}
