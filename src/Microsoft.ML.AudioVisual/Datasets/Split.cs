namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>Which part of a data set to use.</summary>
public enum Split
{
    /// <summary>Every item, ignoring the train/test division.</summary>
    All,
    /// <summary>The training part.</summary>
    Train,
    /// <summary>The held-out test part.</summary>
    Test,
}
