namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Fits a <see cref="DownstreamPipeline"/> on some rows of a feature table and predicts others. Labels are any
/// integers: they become keys in order of appearance in the training rows, so a test label never seen in training
/// cannot be predicted and counts as wrong.
/// </summary>
internal static class PipelineFitting
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    private const string PredictedKeyColumn = "PredictedLabel";
    private const string PredictedColumn = "PredictedClass";

    /// <summary>Fits on the <paramref name="train"/> rows; the chain starts with the label-to-key map and ends with the predicted label as an integer.</summary>
    public static ITransformer Fit(MLContext context, DownstreamPipeline pipeline, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int[] train, int seed)
    {
        int dimension = features[train[0]].Length;
        var start = new EstimatorChain<ITransformer>().Append<ITransformer>(context.Transforms.Conversion.MapValueToKey(LabelColumn));
        var estimator = pipeline.AppendTo(start, context, LabelColumn, FeaturesColumn, seed)
            .Append<ITransformer>(context.Transforms.Conversion.MapKeyToValue(PredictedColumn, PredictedKeyColumn));
        return estimator.Fit(View(context, features, labels, train, dimension));
    }

    /// <summary>Fits on the <paramref name="train"/> rows and returns the predicted label of each <paramref name="test"/> row (of <paramref name="testFeatures"/>).</summary>
    public static int[] FitPredict(MLContext context, DownstreamPipeline pipeline, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int[] train,
        IReadOnlyList<float[]> testFeatures, IReadOnlyList<int> testLabels, int[] test, int seed)
    {
        var model = Fit(context, pipeline, features, labels, train, seed);
        var predictions = model.Transform(View(context, testFeatures, testLabels, test, features[train[0]].Length));
        return predictions.GetColumn<int>(PredictedColumn).ToArray();
    }

    private static IDataView View(MLContext context, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int[] rows, int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        DataViewSchemaColumns.SetVectorColumn(schema[nameof(Row.Features)], dimension);
        return context.Data.LoadFromEnumerable(rows.Select(i => new Row { Features = features[i], Label = labels[i] }), schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public int Label { get; set; }
    }
}
