using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>
/// Saves and loads a whole fitted pipeline that mixes this library's transformers with ML.NET's own as one
/// file. ML.NET's model format cannot hold third-party transformers (its save and load contexts are internal,
/// and the custom-mapping route keeps a contract name, not state), so the file is one of our archives whose
/// stages are either our archives or runs of consecutive ML.NET transformers saved by
/// <c>mlContext.Model.Save</c> itself (with their input schema), plus the pipeline's input schema.
/// </summary>
internal static class PipelineArchive
{
    public const string KindName = "Pipeline";
    private const string InputSchemaEntry = "input-schema.mlnet.zip";

    /// <summary>Saves <paramref name="model"/> (a chain, possibly nested, or one transformer) atomically.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema? inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = ModelArchive.NewWriter(KindName, typeof(PipelineArchive).Assembly);
        var stages = new JsonArray();
        var schema = inputSchema;
        var pending = new List<ITransformer>(); // consecutive ML.NET transformers, saved together
        DataViewSchema? pendingSchema = null;
        int index = 0;

        void FlushPending()
        {
            if (pending.Count == 0) return;
            var entry = $"stage{index:D2}.mlnet.zip";
            using var memory = new MemoryStream();
            try
            {
                context.Model.Save(new TransformerChain<ITransformer>([.. pending]), pendingSchema, memory);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new NotSupportedException(
                    $"Stage {index} of the pipeline ({string.Join(", ", pending.Select(t => t.GetType().Name))}) cannot be saved by ML.NET: {e.Message}", e);
            }
            writer.AddEntry(entry, memory.ToArray());
            stages.Add(new JsonObject { ["format"] = "mlnet", ["entry"] = entry, ["transformers"] = pending.Count });
            index++;
            pending.Clear();
        }

        foreach (var transformer in Flatten(model))
        {
            if (transformer is AudioVisualTransformerBase ours)
            {
                FlushPending();
                var entry = $"stage{index:D2}.zip";
                writer.AddEntry(entry, ModelArchive.ToBytes(ours));
                stages.Add(new JsonObject { ["format"] = "audiovisual", ["entry"] = entry, ["kind"] = ours.ModelKind });
                index++;
            }
            else
            {
                if (pending.Count == 0) pendingSchema = schema;
                pending.Add(transformer);
            }
            schema = schema is null ? null : transformer.GetOutputSchema(schema);
        }
        FlushPending();
        writer.Manifest["stages"] = stages;
        if (inputSchema is not null)
        {
            using var memory = new MemoryStream();
            context.Model.Save(new TransformerChain<ITransformer>(), inputSchema, memory);
            writer.AddEntry(InputSchemaEntry, memory.ToArray());
        }
        using var bytes = new MemoryStream();
        writer.WriteTo(bytes); // fully serialised before the file is touched
        AtomicFile.Write(path, stream => bytes.WriteTo(stream));
    }

    /// <summary>Loads a pipeline and the input schema it was saved with (null when none was given).</summary>
    public static ITransformer Load(MLContext context, string path, out DataViewSchema? inputSchema)
    {
        using var reader = ModelArchiveReader.Open(path);
        if (reader.Kind != KindName)
        {
            inputSchema = null;
            return ModelArchive.Load(context, reader); // a single transformer's archive is a one-stage pipeline
        }
        inputSchema = reader.HasEntry(InputSchemaEntry) ? ReadMlNet(context, reader, InputSchemaEntry, out _) : null;
        return Load(context, reader);
    }

    /// <summary>The loader registered for <see cref="KindName"/>.</summary>
    public static ITransformer Load(MLContext context, ModelArchiveReader reader)
    {
        var stages = reader.Manifest["stages"] as JsonArray ?? throw new InvalidDataException($"'{reader.Path}': the manifest has no 'stages'.");
        var transformers = new List<ITransformer>();
        try
        {
            foreach (var stage in stages)
            {
                var entry = (string?)stage?["entry"] ?? throw new InvalidDataException($"'{reader.Path}': a stage names no entry.");
                switch ((string?)stage?["format"])
                {
                    case "audiovisual":
                        using (var nested = ModelArchiveReader.Open(new MemoryStream(reader.ReadEntry(entry)), $"{reader.Path}!{entry}"))
                            transformers.Add(ModelArchive.Load(context, nested));
                        break;
                    case "mlnet":
                        ReadMlNet(context, reader, entry, out var segment);
                        transformers.AddRange(Flatten(segment!));
                        break;
                    default:
                        throw new InvalidDataException($"'{reader.Path}': stage '{entry}' has the unknown format '{stage?["format"]}'.");
                }
            }
        }
        catch
        {
            foreach (var transformer in transformers) (transformer as IDisposable)?.Dispose();
            throw;
        }
        return new TransformerChain<ITransformer>([.. transformers]);
    }

    /// <summary>The stages of a model in order, nested chains flattened.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    private static DataViewSchema? ReadMlNet(MLContext context, ModelArchiveReader reader, string entry, out ITransformer? model)
    {
        using var stream = new MemoryStream(reader.ReadEntry(entry));
        try
        {
            model = context.Model.Load(stream, out var schema);
            return schema;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{reader.Path}': the ML.NET part '{entry}' cannot be loaded ({e.Message}).", e);
        }
    }
}
