using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Towers;
using SkiaSharp;
using TorchSharp;

namespace Microsoft.ML.AudioVisual.Tests.Separation;

/// <summary>Untrained separators of toy size (seeded weights) and test pictures, for inference-side tests.</summary>
internal static class ToySeparators
{
    /// <summary>8 kHz, 1023-sample clips, STFT 64 / 16 (33 linear bins, 64 frames) warped to 32 bins, 8-pixel images.</summary>
    public static readonly SeparationFrontEnd FrontEnd = new()
    {
        SampleRate = 8000,
        ClipSamples = 1023,
        FftSize = 64,
        HopLength = 16,
        LogFrequencyBins = 32,
        ImageSize = 8,
        VideoFrames = 1,
    };

    /// <summary>
    /// A fresh two-source separator taking <paramref name="shape"/> pictures; its frame net pools the 8-pixel images
    /// <paramref name="pools"/> times (3: a 1 x 1 feature map, 1: 4 x 4); <paramref name="conditionSoundNet"/> conditions its sound net on the pictures.
    /// </summary>
    public static MixAndSeparateTransformer Create(VisualShape shape, int pools = 1, SeparationImageInput imageInput = SeparationImageInput.UnitRange,
        SeparationMask mask = SeparationMask.Binary, bool conditionSoundNet = false)
    {
        torch.manual_seed(7);
        var options = new MixAndSeparateOptions
        {
            FrontEnd = FrontEnd with { ImageSize = shape.Height },
            Mask = mask,
            Threads = 1,
            InferenceBatchSize = 2,
            Architecture = new SeparationArchitecture
            {
                Downs = 2,
                Width = 4,
                Channels = 4,
                FrameNet = FrameNetKind.Small,
                FrameTower = new TowerArchitecture { Widths = [.. Enumerable.Repeat(4, pools + 1)], PoolAfterLastBlock = false },
                ConditionSoundNet = conditionSoundNet,
            },
        };
        var standardization = imageInput == SeparationImageInput.SoundOfPixels ? ImageStandardization.Identity : new ImageStandardization(0.4f, 0.3f);
        return new MixAndSeparateTransformer(options, shape, standardization, new SoundOfPixelsNetwork(options.Architecture), torch.CPU, null, imageInput);
    }

    /// <summary>Two tones, <paramref name="length"/> samples at 8 kHz.</summary>
    public static float[] Mixture(int length) =>
        [.. Enumerable.Range(0, length).Select(i => (0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 8000f)) + (0.2f * MathF.Sin(2 * MathF.PI * 1900 * i / 8000f)))];

    /// <summary>Packed RGB24 bytes of a <paramref name="height"/> x <paramref name="width"/> picture with a pattern that varies in every channel.</summary>
    public static byte[] Pattern(int height, int width, int seed = 0)
    {
        var rgb = new byte[height * width * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(((i * 37) + (seed * 101) + ((i / 3) % width * 11)) % 256);
        return rgb;
    }

    /// <summary>Writes packed RGB24 bytes as an (opaque) PNG.</summary>
    public static void WritePng(string path, byte[] rgb, int height, int width)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(rgb[p], rgb[p + 1], rgb[p + 2]));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
