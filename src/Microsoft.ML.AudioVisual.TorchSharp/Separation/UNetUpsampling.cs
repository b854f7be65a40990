namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>How each decoder level of the U-Net sound net doubles both spectrogram axes.</summary>
public enum UNetUpsampling
{
    /// <summary>
    /// The official sound net: ReLU, bilinear up-sampling (aligned corners), then a 3 x 3 convolution at the doubled
    /// size. The convolution of the outermost level runs at the full spectrogram size, so it costs most of the U-Net.
    /// </summary>
    BilinearConvolution,

    /// <summary>
    /// pix2pix's original decoder: ReLU, then a 4 x 4 stride-2 transposed convolution (the mirror of the encoder's
    /// convolution), about half the decoder's arithmetic of <see cref="BilinearConvolution"/> at the same widths.
    /// </summary>
    TransposedConvolution,
}
