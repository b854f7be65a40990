namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// A picture made ready for a separation model: the value the model takes for one source and the picture as the model
/// sees it, for drawing (e.g. a per-pixel heat map over it).
/// </summary>
/// <param name="Visual">The model's visual input for one source, <c>[T, C, H, W]</c> row-major (the picture repeated over the T frames).</param>
/// <param name="Display">The picture as the model sees it (after resizing and cropping), planar <c>[DisplayChannels, DisplayHeight, DisplayWidth]</c> in [0, 1].</param>
/// <param name="DisplayChannels">1 or 3.</param>
/// <param name="DisplayHeight">Height of <paramref name="Display"/> in pixels.</param>
/// <param name="DisplayWidth">Width of <paramref name="Display"/> in pixels.</param>
public sealed record SeparationPicture(float[] Visual, float[] Display, int DisplayChannels, int DisplayHeight, int DisplayWidth);
