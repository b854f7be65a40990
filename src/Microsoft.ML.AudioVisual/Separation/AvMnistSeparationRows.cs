using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Training rows of a separator from AV-MNIST-FSDD: one row per recording of a split, with its waveform
/// (<see cref="AudioColumnName"/>, any length), an MNIST image of its digit (<see cref="ImageColumnName"/>,
/// <c>Vector&lt;Single, 1, 28, 28&gt;</c> in [0, 1]) and the digit as the group (<see cref="GroupColumnName"/>).
/// </summary>
public static class AvMnistSeparationRows
{
    /// <summary>The waveform column.</summary>
    public const string AudioColumnName = "Audio";

    /// <summary>The image column.</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The group column (the digit).</summary>
    public const string GroupColumnName = "Digit";

    /// <summary>The rows of <paramref name="split"/>: recordings resampled to <paramref name="sampleRate"/>, images drawn (seeded) from the split's images of the digit.</summary>
    /// <exception cref="InvalidOperationException">The split's images lack a digit that its recordings have.</exception>
    public static IDataView Load(MLContext context, AvMnistFsdd data, Split split, int sampleRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(data);
        var imagesByDigit = data.GetImageIndices(split).GroupBy(i => data.Images.Labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new Random(seed);
        var rows = data.GetRecordingIndices(split).Select(r =>
        {
            var recording = data.Recordings[r];
            if (!imagesByDigit.TryGetValue(recording.Digit, out var images))
                throw new InvalidOperationException($"The {split} images hold no {recording.Digit}, which recording '{recording.Path}' says.");
            return new Row
            {
                Audio = Fsdd.LoadSamples(recording, sampleRate),
                Image = data.Images.ToFloats(images[random.Next(images.Length)]),
                Digit = recording.Digit,
            };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, data.Images.Rows, data.Images.Columns);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    internal sealed class Row
    {
        public float[] Audio { get; set; } = [];

        public float[] Image { get; set; } = [];

        public int Digit { get; set; }
    }
}
