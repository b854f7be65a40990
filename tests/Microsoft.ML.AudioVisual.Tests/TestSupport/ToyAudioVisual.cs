using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// A tiny audio-visual data set for trainer unit tests: class c draws a bright square at a class-specific
/// place in a noisy 16x16 image and puts energy in a class-specific band of a noisy 8x16 spectrogram.
/// The class is the group, as digits are in AV-MNIST-FSDD.
/// </summary>
public static class ToyAudioVisual
{
    public const int ImageSide = 16;
    public const int Bins = 8;
    public const int Frames = 16;

    public sealed class Row
    {
        public float[] Image { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int Group { get; set; }
    }

    public static List<Row> Rows(int count, int classes, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Row>(count);
        for (int i = 0; i < count; i++)
        {
            int c = i % classes;
            var image = new float[ImageSide * ImageSide];
            for (int p = 0; p < image.Length; p++) image[p] = (float)(random.NextDouble() * 0.3);
            int x0 = c % 2 * 8 + random.Next(3), y0 = c / 2 % 2 * 8 + random.Next(3);
            for (int y = y0; y < y0 + 5; y++)
                for (int x = x0; x < x0 + 5; x++) image[y * ImageSide + x] += 0.7f;
            var spectrogram = new float[Bins * Frames];
            for (int p = 0; p < spectrogram.Length; p++) spectrogram[p] = (float)(random.NextDouble() - 0.5);
            int band = c * Bins / classes;
            for (int t = random.Next(4); t < Frames; t++) spectrogram[band * Frames + t] += 2f;
            rows.Add(new Row { Image = image, Spectrogram = spectrogram, Group = c });
        }
        return rows;
    }

    public static IDataView Load(MLContext context, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ImageSide, ImageSide);
        schema[nameof(Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Bins, Frames);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    public static IDataView Create(MLContext context, int count = 400, int classes = 4, int seed = 7) => Load(context, Rows(count, classes, seed));

    /// <summary>The same rows as labelled examples (for evaluators and composite scenes).</summary>
    public static Microsoft.ML.AudioVisual.Datasets.AudioVisualExamples Examples(int count, int classes, int seed)
    {
        var rows = Rows(count, classes, seed);
        var labels = rows.Select(r => r.Group).ToArray();
        return new Microsoft.ML.AudioVisual.Datasets.AudioVisualExamples([1, ImageSide, ImageSide], rows.Select(r => r.Image).ToArray(), labels,
            [Bins, Frames], rows.Select(r => r.Spectrogram).ToArray(), labels, Enumerable.Range(0, count).Select(i => (i, i)).ToArray());
    }
}
