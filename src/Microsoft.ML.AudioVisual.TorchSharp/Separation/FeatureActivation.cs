namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>The activation applied to pooled visual features before the synthesizer (the official <c>img_activation</c>).</summary>
public enum FeatureActivation
{
    /// <summary>Logistic sigmoid (the official default): each visual feature is a gate in (0, 1) on one sound component.</summary>
    Sigmoid,

    /// <summary>No activation (the official <c>'no'</c>).</summary>
    None,
}
