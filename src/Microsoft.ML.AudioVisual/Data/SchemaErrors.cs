namespace Microsoft.ML.AudioVisual.Data;

/// <summary>Schema checks that throw the exceptions ML.NET's own components throw, with the same wording.</summary>
internal static class SchemaErrors
{
    /// <summary><c>Schema mismatch for input column 'X': expected E, got A</c>.</summary>
    public static ArgumentOutOfRangeException Mismatch(string columnName, string expected, string actual, string role = "input") =>
        new("inputSchema", $"Schema mismatch for {role} column '{columnName}': expected {expected}, got {actual}");

    /// <summary><c>Could not find input column 'X'</c>.</summary>
    public static ArgumentOutOfRangeException Missing(string columnName, string role = "input") =>
        new("inputSchema", $"Could not find {role} column '{columnName}'");

    /// <summary>Finds a column by name or throws <see cref="Missing"/>.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string columnName, string role = "input") =>
        schema.GetColumnOrNull(columnName) ?? throw Missing(columnName, role);

    /// <summary>Finds a column by name in a schema shape or throws <see cref="Missing"/>.</summary>
    public static SchemaShape.Column Require(SchemaShape shape, string columnName, string role = "input") =>
        shape.FindColumn(columnName) ?? throw Missing(columnName, role);

    /// <summary>Looks a column up by name.</summary>
    public static SchemaShape.Column? FindColumn(this SchemaShape shape, string name)
    {
        foreach (var column in shape)
            if (column.Name == name) return column;
        return null;
    }

    /// <summary>Human-readable type of a schema-shape column, as ML.NET prints it.</summary>
    public static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.ItemType.ToString() ?? "?",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}, *>",
        _ => $"Vector<{column.ItemType}>",
    };

    /// <summary>Requires a known-size vector of <see cref="float"/>; returns its dimensions.</summary>
    public static int[] RequireFloatVector(DataViewSchema schema, string columnName, string expected, string role = "input")
    {
        var column = Require(schema, columnName, role);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single || !vector.IsKnownSize)
            throw Mismatch(columnName, expected, column.Type.ToString() ?? "?", role);
        return vector.Dimensions.ToArray();
    }

    /// <summary>Requires a known-size vector of <see cref="float"/> in a schema shape.</summary>
    public static void RequireFloatVector(SchemaShape shape, string columnName, string expected, string role = "input")
    {
        var column = Require(shape, columnName, role);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw Mismatch(columnName, expected, Describe(column), role);
    }

    /// <summary>Requires a text column.</summary>
    public static void RequireText(DataViewSchema schema, string columnName, string role = "input")
    {
        var column = Require(schema, columnName, role);
        if (column.Type is not TextDataViewType) throw Mismatch(columnName, "String", column.Type.ToString() ?? "?", role);
    }

    /// <summary>Requires a scalar text column in a schema shape.</summary>
    public static void RequireText(SchemaShape shape, string columnName, string role = "input")
    {
        var column = Require(shape, columnName, role);
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
            throw Mismatch(columnName, "String", Describe(column), role);
    }
}
