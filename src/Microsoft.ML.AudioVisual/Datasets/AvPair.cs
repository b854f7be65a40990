namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>An AV-MNIST-FSDD pair: an MNIST image and an FSDD recording of the same digit.</summary>
/// <param name="ImageIndex">The image's index in <see cref="AvMnistFsdd.Images"/> (the whole MNIST set, not the split).</param>
/// <param name="RecordingIndex">The recording's index in <see cref="AvMnistFsdd.Recordings"/> (all recordings, not the split).</param>
/// <param name="Digit">The digit both show or say.</param>
public readonly record struct AvPair(int ImageIndex, int RecordingIndex, int Digit);
