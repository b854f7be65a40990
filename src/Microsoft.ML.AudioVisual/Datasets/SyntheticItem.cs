namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>One generated audio-visual example: an image and a sound of the same class.</summary>
/// <param name="Image">RGB pixels in [0, 1], <c>[3, size, size]</c> (channel, row, column) order.</param>
/// <param name="Waveform">Mono samples in [-1, 1].</param>
/// <param name="Label">The class, 0 to classes - 1.</param>
internal sealed record SyntheticItem(float[] Image, float[] Waveform, int Label);
