using System.Globalization;
using Microsoft.ML.AudioVisual.IO;
using SkiaSharp;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>Small downstream data-set layouts written into a temporary folder: tones per class, PNGs, metadata files.</summary>
public static class DownstreamLayouts
{
    public const int SampleRate = 8000;

    /// <summary>Writes a noisy tone whose pitch says the class: class c is 300·(c + 1) Hz (well apart on the mel scale).</summary>
    public static string Tone(string path, int classIndex, int seed, double seconds = 0.5)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * SampleRate)];
        double frequency = 300.0 * (classIndex + 1) * (1 + (0.03 * (random.NextDouble() - 0.5)));
        double phase = random.NextDouble() * 2 * Math.PI;
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (float)((0.5 * Math.Sin((2 * Math.PI * frequency * i / SampleRate) + phase)) + (0.05 * (random.NextDouble() - 0.5)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavFile.Write(path, samples, SampleRate, pcm16: true);
        return path;
    }

    /// <summary>Writes a solid-colour PNG (class c gets a distinct colour) with a little noise.</summary>
    public static string Png(string path, int classIndex, int seed, int size = 24)
    {
        var random = new Random(seed);
        byte[][] colours = [[220, 30, 30], [30, 200, 40], [40, 60, 220], [230, 220, 40]];
        var colour = colours[classIndex % colours.Length];
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                bitmap.SetPixel(x, y, new SKColor(Jitter(colour[0]), Jitter(colour[1]), Jitter(colour[2])));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;

        byte Jitter(byte value) => (byte)Math.Clamp(value + random.Next(-20, 21), 0, 255);
    }

    /// <summary>
    /// An ESC-50 layout: <paramref name="classes"/> classes x <paramref name="perClass"/> clips in fold 4, two clips per
    /// <c>src_file</c>, target 10·c, ESC-10 flag on the even classes. The first <paramref name="missing"/> listed
    /// files are not written.
    /// </summary>
    public static string Esc50(string root, int classes = 3, int perClass = 6, int missing = 0, int[]? folds = null)
    {
        var lines = new List<string> { "filename,fold,target,category,esc10,src_file,take" };
        int written = 0;
        for (int c = 0; c < classes; c++)
        {
            for (int k = 0; k < perClass; k++)
            {
                int source = (1000 * (c + 1)) + (k / 2);
                char take = (char)('A' + (k % 2));
                int fold = folds?[k % folds.Length] ?? 4;
                string file = $"{fold}-{source}-{take}-{10 * c}.wav";
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{file},{fold},{10 * c},class{c},{(c % 2 == 0 ? "True" : "False")},{source},{take}"));
                if (written++ >= missing) Tone(Path.Combine(root, "audio", file), c, seed: (c * 100) + k);
            }
        }
        Directory.CreateDirectory(Path.Combine(root, "meta"));
        File.WriteAllLines(Path.Combine(root, "meta", "esc50.csv"), lines);
        return root;
    }

    /// <summary>One sub-folder per class with <paramref name="perClass"/> tones (or PNGs when <paramref name="images"/>).</summary>
    public static string ClassFolders(string root, int classes = 3, int perClass = 6, bool images = false)
    {
        for (int c = 0; c < classes; c++)
            for (int k = 0; k < perClass; k++)
            {
                string path = Path.Combine(root, $"class{c}", $"item{k}.{(images ? "png" : "wav")}");
                if (images) Png(path, c, (c * 100) + k);
                else Tone(path, c, (c * 100) + k);
            }
        return root;
    }
}
