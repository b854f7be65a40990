using Microsoft.ML.AudioVisual.Data;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>
/// The public-API checks every estimator of the library must pass: schema propagation before fit,
/// failure on wrong column types with ML.NET's message shape, promised schema equals delivered schema,
/// and identical outputs after save and load.
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

        // 4. Save/load round trip gives identical outputs.
        using var folder = new TempFolder();
        var path = folder.File("model.zip");
        transformer.Save(path);
        var loaded = context.AudioVisual().LoadTransformer(path);
        Assert.IsType<TTransformer>(loaded);
        var reloaded = loaded.Transform(valid);
        foreach (var name in compareColumns)
            Assert.Equal(ReadFloats(output, name), ReadFloats(reloaded, name));
        (loaded as IDisposable)?.Dispose();
        return transformer;
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
