namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Runtime column types for <see cref="SchemaDefinition"/>s of the downstream data views.</summary>
internal static class DataViewSchemaColumns
{
    /// <summary>Makes a <c>uint</c> column a <c>Key&lt;UInt32&gt;</c> over <paramref name="names"/>, with the names as key values. The row objects hold the zero-based index (LoadFromEnumerable presents index i as key i + 1, name <c>names[i]</c>).</summary>
    public static void SetKeyColumn(SchemaDefinition.Column column, IReadOnlyList<string> names)
    {
        column.ColumnType = new KeyDataViewType(typeof(uint), Math.Max(names.Count, 1));
        var values = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.Select(n => n.AsMemory()).ToArray());
        column.AddAnnotation("KeyValues", values, new VectorDataViewType(TextDataViewType.Instance, names.Count));
    }

    /// <summary>Makes a <c>float[]</c> column a fixed-size <c>Vector&lt;Single, dimension&gt;</c> (trainers reject variable-size vectors).</summary>
    public static void SetVectorColumn(SchemaDefinition.Column column, int dimension) =>
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
}
