using Microsoft.ML.AudioVisual.Data;

namespace Microsoft.ML.AudioVisual;

/// <summary>
/// Base of the library's transformers: lazy <see cref="Transform"/>, row-to-row mapping for
/// prediction engines, and the schema they promise. They save with their own
/// <see cref="Save(string)"/>, and whole pipelines that mix them with ML.NET transformers save with
/// <c>mlContext.AudioVisual().SaveModel</c> (ML.NET's model format is closed to third-party components).
/// </summary>
public abstract class AudioVisualTransformerBase : ITransformer
{
    private protected AudioVisualTransformerBase()
    {
    }

    /// <summary>Always true: outputs depend on one input row only.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The schema <see cref="Transform"/> produces for an input schema.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MappedDataView.BuildSchema(inputSchema, CreateMapper(inputSchema).Outputs);
    }

    /// <summary>Returns a lazy view: nothing is computed until a cursor reads it.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, CreateMapper(input.Schema));
    }

    /// <summary>A row mapper, as used by prediction engines.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MappedRowToRowMapper(CreateMapper(inputSchema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var deleted = Persistence.AbandonedModelFile.TryDelete(ctx);
        var file = deleted is null
            ? "ML.NET has already created the output file, which is incomplete: delete it"
            : $"the incomplete file ML.NET had created, '{deleted}', was deleted";
        throw new NotSupportedException(
            $"{GetType().Name} cannot be saved with mlContext.Model.Save: ML.NET's model format is closed to third-party components " +
            $"({file}). Save the whole pipeline with " +
            "mlContext.AudioVisual().SaveModel(model, inputSchema, path) and load it with mlContext.AudioVisual().LoadModel(path, out var inputSchema).");
    }

    /// <summary>Saves the transformer to a file (a zip with a JSON manifest), atomically.</summary>
    public void Save(string path) => Persistence.ModelArchive.Save(path, this);

    /// <summary>Binds the transformer to an input schema, validating it.</summary>
    private protected abstract RowBatchMapper CreateMapper(DataViewSchema inputSchema);

    /// <summary>Writes the manifest fields and entries that <see cref="Persistence.ModelArchive"/> stores.</summary>
    private protected abstract void SaveContents(Persistence.ModelArchiveWriter writer);

    internal void SaveTo(Persistence.ModelArchiveWriter writer) => SaveContents(writer);

    /// <summary>The model kind stored in the manifest: the key of its loader, stable across renames.</summary>
    internal abstract string ModelKind { get; }
}
