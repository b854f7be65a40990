namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>The downstream pipeline search of <c>mlContext.AudioVisual()</c>.</summary>
public static class AudioVisualCatalogSweepExtensions
{
    /// <summary>
    /// Searches downstream classification pipelines (trainer, hyper-parameters, normalisation and, for window rows,
    /// time pooling) on a features view, cross-validated on fixed folds, within a time budget; see
    /// <see cref="SweepOptions"/> for the columns and <see cref="PipelineSearchSpace"/> for the space. The strategy is
    /// random search with successive halving over folds (rungs documented on <see cref="SweepResult.Rungs"/>);
    /// progress goes to <see cref="SweepOptions.Progress"/> and to <see cref="MLContext.Log"/> (component <c>Sweep</c>).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="features">A view with a <c>Vector&lt;Single, D&gt;</c> feature column, a label column and optionally item, fold and group columns (e.g. from <see cref="ClipFeatureSet.ToDataView"/>).</param>
    /// <param name="options">Columns, folds, budget and search space; null for the defaults.</param>
    /// <returns>Every trial, the best pipeline and the default pipeline's accuracy on the same folds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or there are fewer items (groups) than folds.</exception>
    public static SweepResult Sweep(this AudioVisualCatalog catalog, IDataView features, SweepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return PipelineSweep.Run(catalog.Context, features, options ?? new SweepOptions());
    }
}
