using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Loads in-memory audio-visual rows as data views with fixed-size vector columns.</summary>
internal static class AudioVisualRows
{
    public class Row
    {
        public float[] Image { get; set; } = [];
        public float[] Spectrogram { get; set; } = [];
        public int Group { get; set; }
        public int Label { get; set; }
    }

    /// <summary>A <see cref="Row"/> whose image shows several classes (a composite scene).</summary>
    public sealed class SceneRow : Row
    {
        public int[] VisibleGroups { get; set; } = [];
    }

    public sealed class AudioRow
    {
        public float[] Spectrogram { get; set; } = [];
        public int Label { get; set; }
    }

    /// <summary>The rows as a view; <see cref="SceneRow"/>s also give their <c>VisibleGroups</c> (all of one length).</summary>
    public static IDataView Load<TRow>(MLContext context, int[] imageShape, int[] spectrogramShape, AudioFrontEnd? frontEnd, IEnumerable<TRow> rows)
        where TRow : Row
    {
        var list = rows.ToList();
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, imageShape);
        DescribeSpectrogram(schema[nameof(Row.Spectrogram)], spectrogramShape, frontEnd);
        if (list is List<SceneRow> scenes)
            schema[nameof(SceneRow.VisibleGroups)].ColumnType = new VectorDataViewType(NumberDataViewType.Int32, scenes.Count == 0 ? 0 : scenes[0].VisibleGroups.Length);
        return context.Data.LoadFromEnumerable(list, schema);
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
