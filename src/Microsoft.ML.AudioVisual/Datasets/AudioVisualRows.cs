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

    public sealed class AudioRow
    {
        public float[] Spectrogram { get; set; } = [];
        public int Label { get; set; }
    }

    public static IDataView Load(MLContext context, int[] imageShape, int[] spectrogramShape, IEnumerable<Row> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, imageShape);
        schema[nameof(Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, spectrogramShape);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    public static IDataView LoadAudio(MLContext context, int[] spectrogramShape, IEnumerable<AudioRow> rows)
    {
        var schema = SchemaDefinition.Create(typeof(AudioRow));
        schema[nameof(AudioRow.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, spectrogramShape);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }
}
