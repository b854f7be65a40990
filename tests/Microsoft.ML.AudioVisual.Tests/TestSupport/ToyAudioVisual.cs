using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// A tiny audio-visual data set for trainer unit tests: class c draws a class-specific shape at a random
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
            // The class is the shape (square, horizontal bar, vertical bar, cross), drawn at a random place.
            int cx = 4 + random.Next(8), cy = 4 + random.Next(8);
            for (int dy = -3; dy <= 3; dy++)
                for (int dx = -3; dx <= 3; dx++)
                {
                    bool on = (c % 4) switch
                    {
                        0 => Math.Abs(dx) <= 2 && Math.Abs(dy) <= 2,
                        1 => Math.Abs(dy) <= 1,
                        2 => Math.Abs(dx) <= 1,
                        _ => dx == dy || dx == -dy,
                    };
                    if (on) image[(cy + dy) * ImageSide + cx + dx] += 0.7f;
                }
            var spectrogram = new float[Bins * Frames];
            for (int p = 0; p < spectrogram.Length; p++) spectrogram[p] = (float)(random.NextDouble() - 0.5);
            int band = c * Bins / classes;
            for (int t = random.Next(4); t < Frames; t++) spectrogram[band * Frames + t] += 2f;
            rows.Add(new Row { Image = image, Spectrogram = spectrogram, Group = c });
        }
        return rows;
    }

    /// <summary>The rows as a data view; with <paramref name="frontEnd"/>, the spectrogram column says how it was made, as a LogMelSpectrogram stage's does.</summary>
    public static IDataView Load(MLContext context, IEnumerable<Row> rows, Microsoft.ML.AudioVisual.Spectral.AudioFrontEnd? frontEnd = null)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, ImageSide, ImageSide);
        schema[nameof(Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Bins, Frames);
        if (frontEnd is not null)
            schema[nameof(Row.Spectrogram)].AddAnnotation(Microsoft.ML.AudioVisual.Spectral.AudioFrontEndAnnotation.Name, Microsoft.ML.AudioVisual.Spectral.AudioFrontEndAnnotation.Json(frontEnd).AsMemory(), TextDataViewType.Instance);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    public static IDataView Create(MLContext context, int count = 400, int classes = 4, int seed = 7, Microsoft.ML.AudioVisual.Spectral.AudioFrontEnd? frontEnd = null) =>
        Load(context, Rows(count, classes, seed), frontEnd);

    /// <summary>The same rows as labelled examples (for evaluators and composite scenes).</summary>
    public static Microsoft.ML.AudioVisual.Datasets.AudioVisualExamples Examples(int count, int classes, int seed)
    {
        var rows = Rows(count, classes, seed);
        var labels = rows.Select(r => r.Group).ToArray();
        return new Microsoft.ML.AudioVisual.Datasets.AudioVisualExamples([1, ImageSide, ImageSide], rows.Select(r => r.Image).ToArray(), labels,
            [Bins, Frames], rows.Select(r => r.Spectrogram).ToArray(), labels, Enumerable.Range(0, count).Select(i => (i, i)).ToArray());
    }
}
