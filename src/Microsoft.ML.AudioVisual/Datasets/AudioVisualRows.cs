using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Loads in-memory audio-visual rows as data views with fixed-size vector columns.</summary>
internal static class AudioVisualRows
{
    public sealed class Row
    {
        public float[] Image { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int Group { get; set; }
        public int Label { get; set; }
    }

    /// <summary>A <see cref="Row"/> whose image shows several classes (a composite scene).</summary>
    public sealed class SceneRow
    {
        public SceneRow() { }

        public SceneRow(Row row, int[] visibleGroups) =>
            (Image, Spectrogram, Group, Label, VisibleGroups) = (row.Image, row.Spectrogram, row.Group, row.Label, visibleGroups);

        public float[] Image { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int Group { get; set; }
        public int Label { get; set; }
        public int[] VisibleGroups { get; set; } = [];
    }

    public sealed class AudioRow
    {
        public float[] Spectrogram { get; set; } = [];
        public int Label { get; set; }
    }

    public static IDataView Load(MLContext context, int[] imageShape, int[] spectrogramShape, AudioFrontEnd? frontEnd, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, imageShape);
        DescribeSpectrogram(schema[nameof(Row.Spectrogram)], spectrogramShape, frontEnd);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    public static IDataView LoadScenes(MLContext context, int[] imageShape, int[] spectrogramShape, AudioFrontEnd? frontEnd, int cells, IEnumerable<SceneRow> rows)
    {
        var schema = SchemaDefinition.Create(typeof(SceneRow));
        schema[nameof(SceneRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, imageShape);
        schema[nameof(SceneRow.VisibleGroups)].ColumnType = new VectorDataViewType(NumberDataViewType.Int32, cells);
        DescribeSpectrogram(schema[nameof(SceneRow.Spectrogram)], spectrogramShape, frontEnd);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    public static IDataView LoadAudio(MLContext context, int[] spectrogramShape, AudioFrontEnd? frontEnd, IEnumerable<AudioRow> rows)
    {
        var schema = SchemaDefinition.Create(typeof(AudioRow));
        DescribeSpectrogram(schema[nameof(AudioRow.Spectrogram)], spectrogramShape, frontEnd);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    /// <summary>The spectrogram column's shape, and its front-end as the annotation a LogMelSpectrogram stage would give it.</summary>
    private static void DescribeSpectrogram(SchemaDefinition.Column column, int[] shape, AudioFrontEnd? frontEnd)
    {
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, shape);
        if (frontEnd is not null)
            column.AddAnnotation(AudioFrontEndAnnotation.Name, AudioFrontEndAnnotation.Json(frontEnd).AsMemory(), TextDataViewType.Instance);
    }
}
