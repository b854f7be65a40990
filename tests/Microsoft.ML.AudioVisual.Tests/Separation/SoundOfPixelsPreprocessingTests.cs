using Microsoft.ML.AudioVisual.Separation;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>The official inference-time preprocessing (core, no libtorch) against PyTorch, torchvision and Pillow.</summary>
public sealed class SoundOfPixelsPreprocessingTests : IClassFixture<SoundOfPixelsPreprocessingReference>
{
    private readonly SoundOfPixelsPreprocessingReference reference;
    private readonly ITestOutputHelper output;

    public SoundOfPixelsPreprocessingTests(SoundOfPixelsPreprocessingReference reference, ITestOutputHelper output)
    {
        this.reference = reference;
        this.output = output;
    }

    [TorchPythonFact]
    public void MixtureSpectrogramMatchesTheOfficialComputation()
    {
        var (waveform, _) = reference.Array("waveform");
        var spectrogram = MixtureSpectrogram.Compute(waveform, SeparationFrontEnd.Official);
        Assert.Equal(256, spectrogram.Frames);
        Assert.Equal(SeparationFrontEnd.Official.SpectrogramFrames, spectrogram.Frames);
        Compare("linear_magnitude", spectrogram.Magnitude, [512, 256], relativeToMax: 1e-6);
        Compare("log_warped", spectrogram.LogWarpedMagnitude, [256, 256], absolute: 1e-4);
    }

    [TorchPythonFact]
    public void UnwarpMatchesGridSampleWithTheInverseGrid()
    {
        var (mask, shape) = reference.Array("unwarp_input");
        var linear = LogFrequencyMask.Unwarp(mask, shape[0], shape[1], 512);
        Compare("unwarp_output", linear, [512, 256], absolute: 1e-6);
    }

    [TorchPythonFact]
    public void ImagesMatchTorchvisionWithPillowBicubic()
    {
        foreach (var name in new[] { "image_landscape", "image_portrait", "image_small" })
        {
            var image = NpyReader(name);
            var processed = SeparationImage.Preprocess(image.Bytes, image.Height, image.Width);
            Compare(name + "_normalised", processed, [3, 224, 224], absolute: 1e-6);
        }
    }

    [Fact]
    public void ConstantMaskStaysConstantAfterUnwarping()
    {
        var mask = Enumerable.Repeat(0.75f, 256 * 8).ToArray();
        var linear = LogFrequencyMask.Unwarp(mask, 256, 8, 512);
        Assert.Equal(512 * 8, linear.Length);
        Assert.All(linear, v => Assert.Equal(0.75f, v, 1e-6f));
        Assert.Throws<ArgumentException>(() => LogFrequencyMask.Unwarp(mask, 256, 7, 512));
    }

    [Fact]
    public void FrontEndPresetsGiveTheDocumentedShapes()
    {
        var official = MixtureSpectrogram.Compute(new float[65535], SeparationFrontEnd.Official);
        Assert.Equal((256, 512 * 256 * 2, 256 * 256), (official.Frames, official.Stft.Length, official.LogWarpedMagnitude.Length));
        // Silence: ln(0 + 1e-10) everywhere.
        Assert.All(official.LogWarpedMagnitude, v => Assert.Equal(MathF.Log(1e-10f), v, 1e-5f));

        var small = SeparationFrontEnd.Small;
        var spectrogram = MixtureSpectrogram.Compute(new float[small.ClipSamples], small);
        Assert.Equal((32, 129, 128 * 32), (spectrogram.Frames, small.LinearBins, spectrogram.LogWarpedMagnitude.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => (small with { HopLength = 0 }).Validate());
    }

    [Fact]
    public void ImageOfTheTargetSizeIsOnlyCroppedAndNormalised()
    {
        const int height = 300, width = 224;
        var rgb = new byte[height * width * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)((i * 7) % 251);
        var processed = SeparationImage.Preprocess(rgb, height, width);
        int top = 38; // (300 - 224) / 2
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 224; y += 37)
                for (int x = 0; x < 224; x += 41)
                    Assert.Equal((rgb[((((top + y) * width) + x) * 3) + c] / 255f - mean[c]) / std[c], processed[(((c * 224) + y) * 224) + x]);

        // A flat colour stays flat through the bicubic resize (its weights sum to one).
        var flat = Enumerable.Repeat((byte)200, 90 * 120 * 3).ToArray();
        Assert.All(SeparationImage.Preprocess(flat, 90, 120, 64).Take(64 * 64), v => Assert.Equal((200 / 255f - mean[0]) / std[0], v));
    }

    private (byte[] Bytes, int Height, int Width) NpyReader(string name)
    {
        var array = Microsoft.ML.AudioVisual.IO.NpyFile.Read(reference.File(name + ".npy"));
        return ((byte[])array.Data, array.Shape[0], array.Shape[1]);
    }

    private void Compare(string name, float[] actual, long[] shape, double relativeToMax = 0, double absolute = 0) =>
        reference.AssertClose(name, actual, shape, output, relativeToMax, absolute);
}
