namespace Microsoft.ML.AudioVisual.Data;

/// <summary>
/// Makes <see cref="SchemaShape.Column"/> values for new output columns. ML.NET keeps that struct's
/// constructor internal; its <c>CustomMapping</c> estimator, given a runtime output
/// <see cref="SchemaDefinition"/>, is the public way to obtain one for any name and type.
/// </summary>
internal static class SchemaShapeFactory
{
    private static readonly MLContext Context = new(seed: 0);
    private static readonly SchemaShape Empty = new(Array.Empty<SchemaShape.Column>());

    /// <summary>The shape ML.NET gives a column of this name and type.</summary>
    public static SchemaShape.Column Column(string name, DataViewType type) => type.RawType switch
    {
        var t when t == typeof(VBuffer<float>) => Make<float[]>(name, type),
        var t when t == typeof(VBuffer<double>) => Make<double[]>(name, type),
        var t when t == typeof(VBuffer<int>) => Make<int[]>(name, type),
        var t when t == typeof(float) => Make<float>(name, type),
        var t when t == typeof(double) => Make<double>(name, type),
        var t when t == typeof(int) => Make<int>(name, type),
        var t when t == typeof(long) => Make<long>(name, type),
        var t when t == typeof(bool) => Make<bool>(name, type),
        var t when t == typeof(ReadOnlyMemory<char>) => Make<string>(name, type),
        _ => throw new NotSupportedException($"No schema shape for column '{name}' of type {type}."),
    };

    /// <summary>The shape of a whole schema (visible columns of the supported types; annotations are not carried).</summary>
    public static SchemaShape FromSchema(DataViewSchema schema) =>
        new(schema.Where(c => !c.IsHidden).Select(c => Column(c.Name, c.Type)));

    /// <summary>The input shape with the new columns appended (replacing same-named ones).</summary>
    public static SchemaShape Append(SchemaShape input, IEnumerable<DataViewSchema.DetachedColumn> outputs)
    {
        var columns = input.ToDictionary(c => c.Name);
        foreach (var output in outputs) columns[output.Name] = Column(output.Name, output.Type);
        return new SchemaShape(columns.Values);
    }

    private static SchemaShape.Column Make<T>(string name, DataViewType type)
    {
        var definition = SchemaDefinition.Create(typeof(ValueHolder<T>));
        definition[0].ColumnName = name;
        definition[0].ColumnType = type;
        var estimator = Context.Transforms.CustomMapping<NoInput, ValueHolder<T>>(
            static (_, _) => { }, contractName: null, inputSchemaDefinition: null, outputSchemaDefinition: definition);
        var shape = estimator.GetOutputSchema(Empty);
        return shape.Single(c => c.Name == name);
    }

    private sealed class NoInput;

    private sealed class ValueHolder<T>
    {
#pragma warning disable CS0649 // read through reflection by ML.NET
        public T Value = default!;
#pragma warning restore CS0649
    }
}
