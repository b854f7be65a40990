namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// Small generated video clips for pipeline tests: class k is a flat colour with a tone of its own pitch, so a
/// classifier on audio-visual embeddings can tell the classes apart.
/// </summary>
public static class ToyVideos
{
    private static readonly string[] Colours = ["red", "green", "blue", "yellow"];

    /// <summary>A path column row with its class.</summary>
    public sealed class Row
    {
        public string Path { get; set; } = "";
        public uint Label { get; set; }
    }

    /// <summary>Makes <paramref name="perClass"/> clips of each of <paramref name="classes"/> classes in <paramref name="folder"/>.</summary>
    public static List<Row> Make(TempFolder folder, int classes, int perClass, double seconds = 1.2)
    {
        var rows = new List<Row>();
        for (int k = 0; k < classes; k++)
            for (int i = 0; i < perClass; i++)
            {
                var path = folder.File($"class{k}_{i}.mp4");
                double frequency = 300 * (k + 1) + 20 * i; // takes of one class differ a little
                Ffmpeg.Run("-f", "lavfi", "-i", $"color=c={Colours[k % Colours.Length]}:size=32x32:rate=10:duration={seconds}",
                    "-f", "lavfi", "-i", $"sine=frequency={frequency}:sample_rate=16000:duration={seconds}",
                    "-pix_fmt", "yuv420p", "-shortest", path);
                rows.Add(new Row { Path = path, Label = (uint)(k + 1) });
            }
        return rows;
    }
}
