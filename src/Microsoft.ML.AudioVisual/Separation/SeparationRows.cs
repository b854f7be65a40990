namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The training rows that <see cref="SeparationVideoRows"/> and <see cref="InstrumentSeparationSet"/> make: one clip of one
/// source per row, its waveform (<see cref="AudioColumnName"/>), its picture or frames (<see cref="ImageColumnName"/>,
/// RGB in [0, 1]) and the source it comes from (<see cref="GroupColumnName"/>: clips of one source are never mixed together).
/// </summary>
public static class SeparationRows
{
    /// <summary>The waveform column, <c>Vector&lt;Single&gt;</c> at the front-end's rate.</summary>
    public const string AudioColumnName = "Audio";

    /// <summary>The picture column, <c>Vector&lt;Single, 3, H, W&gt;</c> or <c>Vector&lt;Single, T, 3, H, W&gt;</c> in [0, 1].</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The group column (the video or instrument name).</summary>
    public const string GroupColumnName = "Group";

    /// <summary>
    /// Clips whose peak stays below this (-60 dBFS) are left out: a silent source teaches nothing, and mixtures with one
    /// cannot be scored (BSS_EVAL is undefined for silent references).
    /// </summary>
    public const float SilencePeak = 1e-3f;

    /// <summary>True when the clip's peak is below <see cref="SilencePeak"/>.</summary>
    public static bool IsSilent(ReadOnlySpan<float> clip)
    {
        foreach (var v in clip)
            if (Math.Abs(v) >= SilencePeak) return false;
        return true;
    }

    /// <summary>The rows as a data view whose picture column has the shape <paramref name="imageDimensions"/>.</summary>
    internal static IDataView ToDataView(MLContext context, IReadOnlyList<Row> rows, int[] imageDimensions)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, imageDimensions);
        return context.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>A row: one clip of one source.</summary>
    internal sealed class Row
    {
        public float[] Audio { get; set; } = [];

        public float[] Image { get; set; } = [];

        public string Group { get; set; } = "";
    }
}
