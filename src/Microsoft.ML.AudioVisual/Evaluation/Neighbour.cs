namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>A gallery item found for a query.</summary>
/// <param name="Index">The item's index in the gallery.</param>
/// <param name="Distance">The Euclidean distance from the query.</param>
public readonly record struct Neighbour(int Index, float Distance);
