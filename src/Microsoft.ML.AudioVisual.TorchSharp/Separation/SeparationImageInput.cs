namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>How a separation model expects its pictures (what <see cref="SeparationImageFiles.Load"/> does to an image file).</summary>
public enum SeparationImageInput
{
    /// <summary>
    /// Values in [0, 1], the picture stretched to the model's size (models trained by <see cref="MixAndSeparateEstimator"/>,
    /// which standardise with the statistics of their training pictures).
    /// </summary>
    UnitRange,

    /// <summary>
    /// The official Sound of Pixels preprocessing (<see cref="SeparationImage.Preprocess"/>): Pillow-bicubic resize of the
    /// shorter side, centre crop, <c>/ 255</c>, ImageNet mean and standard deviation per channel (imported official models).
    /// </summary>
    SoundOfPixels,
}
