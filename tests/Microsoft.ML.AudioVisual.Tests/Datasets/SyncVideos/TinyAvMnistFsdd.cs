using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Tests.Datasets.SyncVideos;

/// <summary>
/// A small AV-MNIST-FSDD on disk for generator tests: 8x8 images whose digit d lights row d, and for every digit two
/// "recordings" (speaker a, take 5; speaker b, take 0): tones of 0.2 s plus 0.05 s per digit, 8 kHz, never zero inside.
/// </summary>
internal sealed class TinyAvMnistFsdd : IDisposable
{
    private readonly TempFolder _folder = new();

    public TinyAvMnistFsdd()
    {
        var fsdd = Directory.CreateDirectory(_folder.File("fsdd")).FullName;
        foreach (var (speaker, take) in new[] { ("a", 5), ("b", 0) })
            for (int digit = 0; digit < 10; digit++)
                WavFile.Write(Path.Combine(fsdd, $"{digit}_{speaker}_{take}.wav"), Tone(digit, speaker == "a" ? 440 : 660), 8000);
        var mnist = Directory.CreateDirectory(_folder.File("mnist")).FullName;
        var pixels = new byte[20 * 64];
        var labels = new byte[20];
        for (int i = 0; i < 20; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int x = 0; x < 8; x++) pixels[i * 64 + (i % 10 % 8) * 8 + x] = (byte)(128 + 12 * (i % 10));
        }
        IdxTestFiles.Write(Path.Combine(mnist, "images-idx3-ubyte"), false, pixels, 20, 8, 8);
        IdxTestFiles.Write(Path.Combine(mnist, "labels-idx1-ubyte"), false, labels, 20);
        Source = AvMnistFsdd.Load(fsdd, mnist);
    }

    public AvMnistFsdd Source { get; }

    /// <summary>The samples of the recording of <paramref name="digit"/> by speaker a or b.</summary>
    public static float[] Tone(int digit, double frequency)
    {
        var samples = new float[(int)((0.2 + 0.05 * digit) * 8000)];
        for (int n = 0; n < samples.Length; n++) samples[n] = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * (n + 0.5) / 8000));
        return samples;
    }

    public void Dispose() => _folder.Dispose();
}
