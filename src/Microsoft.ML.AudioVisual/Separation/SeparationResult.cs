namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>What separating one mixture gives: one waveform per source and the predicted masks.</summary>
/// <param name="Sources">Per source, the separated waveform (the mixture's length).</param>
/// <param name="Masks">Per source, the predicted mask <c>[MaskBins, MaskFrames]</c> row-major, in the model's (log-)frequency domain, before any threshold.</param>
/// <param name="MaskBins">Rows of a mask (the front-end's LogFrequencyBins).</param>
/// <param name="MaskFrames">Columns of a mask (STFT frames of all the clips the mixture was cut into).</param>
public sealed record SeparationResult(float[][] Sources, float[][] Masks, int MaskBins, int MaskFrames);
