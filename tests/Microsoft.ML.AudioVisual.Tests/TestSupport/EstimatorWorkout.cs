using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// The public-API checks every estimator of the library must pass: schema propagation before fit,
/// failure on wrong column types with ML.NET's message shape, promised schema equals delivered schema,
/// the same values through the row-to-row path of prediction engines as through <c>Transform</c>,
/// and identical outputs after save and load (alone and inside a pipeline saved as one file).
/// </summary>
public static class EstimatorWorkout
{
    /// <summary>Runs the workout and returns the fitted transformer for further checks.</summary>
    /// <param name="context">The context the estimator came from.</param>
    /// <param name="estimator">The estimator under test.</param>
    /// <param name="valid">Data the estimator accepts.</param>
    /// <param name="wrongType">Data with a required column of the wrong type.</param>
    /// <param name="wrongColumn">The name of that column (it must appear in the error).</param>
    /// <param name="compareColumns">Output columns whose values must survive save/load.</param>
    public static TTransformer Run<TTransformer>(MLContext context, IEstimator<TTransformer> estimator, IDataView valid,
        IDataView wrongType, string wrongColumn, params string[] compareColumns)
        where TTransformer : AudioVisualTransformerBase
    {
        // 1. Schema propagation before fit.
        var promised = estimator.GetOutputSchema(SchemaShapeFactory.FromSchema(valid.Schema));

        // 2. Wrong input types fail like ML.NET components do.
        var shapeError = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapeFactory.FromSchema(wrongType.Schema)));
        Assert.Contains($"Schema mismatch for input column '{wrongColumn}'", shapeError.Message);
        var fitError = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => estimator.Fit(wrongType));
        Assert.Contains(wrongColumn, fitError.Message);

        // 3. Promised schema equals delivered schema.
        var transformer = estimator.Fit(valid);
        var output = transformer.Transform(valid);
        foreach (var column in promised)
        {
            var delivered = output.Schema.GetColumnOrNull(column.Name);
            Assert.True(delivered.HasValue, $"Promised column '{column.Name}' is missing from the output.");
            var deliveredShape = SchemaShapeFactory.Column(column.Name, delivered!.Value.Type);
            Assert.Equal(column.Kind, deliveredShape.Kind);
            Assert.Equal(column.ItemType, deliveredShape.ItemType);
        }
        Assert.Equal(promised.Count, output.Schema.Count(c => !c.IsHidden));
        Assert.Equal(output.Schema.Select(c => (c.Name, c.Type)), transformer.GetOutputSchema(valid.Schema).Select(c => (c.Name, c.Type)));

        // 4. Prediction engines (the row-to-row path) compute the same values as Transform.
        var viaRows = ReadThroughRowMapper(transformer, valid, compareColumns);
        foreach (var name in compareColumns)
            AssertClose(ReadFloats(output, name), viaRows[name], name);

        // 5. Save/load round trip gives identical outputs, alone and as a one-stage pipeline.
        using var folder = new TempFolder();
        var path = folder.File("model.zip");
        transformer.Save(path);
        var loaded = context.AudioVisual().LoadTransformer(path);
        Assert.IsType<TTransformer>(loaded);
        var reloaded = loaded.Transform(valid);
        foreach (var name in compareColumns)
            Assert.Equal(ReadFloats(output, name), ReadFloats(reloaded, name));
        (loaded as IDisposable)?.Dispose();
        var pipelinePath = folder.File("pipeline.zip");
        context.AudioVisual().SaveModel(transformer, valid.Schema, pipelinePath);
        using (var pipeline = (IDisposable)context.AudioVisual().LoadModel(pipelinePath, out var schema))
        {
            Assert.Equal(valid.Schema.Select(c => (c.Name, c.Type)), schema!.Select(c => (c.Name, c.Type)));
            var fromPipeline = ((ITransformer)pipeline).Transform(valid);
            foreach (var name in compareColumns)
                Assert.Equal(ReadFloats(output, name), ReadFloats(fromPipeline, name));
        }
        return transformer;
    }

    /// <summary>Values of float columns computed row by row through <see cref="ITransformer.GetRowToRowMapper"/>, as prediction engines do.</summary>
    public static Dictionary<string, List<float[]>> ReadThroughRowMapper(ITransformer transformer, IDataView input, params string[] columns)
    {
        var mapper = transformer.GetRowToRowMapper(input.Schema);
        var outputs = columns.Select(n => mapper.OutputSchema[n]).ToArray();
        using var cursor = input.GetRowCursor(mapper.GetDependencies(outputs));
        using var row = mapper.GetRow(cursor, outputs);
        var readers = outputs.Select(c => FloatReader(row, c)).ToArray();
        var values = columns.ToDictionary(n => n, _ => new List<float[]>());
        while (cursor.MoveNext())
            for (int i = 0; i < columns.Length; i++) values[columns[i]].Add(readers[i]());
        return values;
    }

    /// <summary>Equal within float rounding of differently batched computations.</summary>
    public static void AssertClose(List<float[]> expected, List<float[]> actual, string column, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (int i = 0; i < expected[r].Length; i++)
                Assert.True(Math.Abs(expected[r][i] - actual[r][i]) <= tolerance * Math.Max(1, Math.Abs(expected[r][i])),
                    $"Column '{column}' row {r} value {i}: {expected[r][i]} through Transform, {actual[r][i]} row by row.");
        }
    }

    private static Func<float[]> FloatReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            return () => { getter(ref value); return value.DenseValues().ToArray(); };
        }
        var scalar = row.GetGetter<float>(column);
        return () => { float v = 0; scalar(ref v); return [v]; };
    }

    /// <summary>All values of a float-vector (or float) column, row by row.</summary>
    public static List<float[]> ReadFloats(IDataView view, string columnName)
    {
        var column = view.Schema[columnName];
        var rows = new List<float[]>();
        using var cursor = view.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                rows.Add(value.DenseValues().ToArray());
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(column);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                rows.Add([value]);
            }
        }
        return rows;
    }
}
