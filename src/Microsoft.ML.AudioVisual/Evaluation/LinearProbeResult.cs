namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>The outcome of a cross-validated linear probe (<see cref="LinearProbe.CrossValidate"/>).</summary>
/// <param name="Accuracy">Correct predictions over all rows, each row predicted by the model that did not train on it.</param>
/// <param name="FoldAccuracies">The accuracy on each held-out fold, in fold order.</param>
/// <param name="Folds">The number of folds.</param>
/// <param name="Classes">The labels in ascending order: the order of <paramref name="Confusion"/>'s rows and columns.</param>
/// <param name="Confusion">Held-out predictions counted per true label (rows) and predicted label (columns).</param>
public sealed record LinearProbeResult(double Accuracy, IReadOnlyList<double> FoldAccuracies, int Folds, IReadOnlyList<int> Classes, int[][] Confusion)
{
    /// <summary>A one-line summary, e.g. <c>accuracy 0.874 over 5 folds (0.850 .. 0.900)</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"accuracy {Accuracy:0.000} over {Folds} folds ({FoldAccuracies.Min():0.000} .. {FoldAccuracies.Max():0.000})");
}
