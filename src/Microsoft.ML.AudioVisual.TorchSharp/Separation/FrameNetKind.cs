namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>The network that turns video frames into the K visual features of a Sound of Pixels model.</summary>
public enum FrameNetKind
{
    /// <summary>
    /// The official frame net: ResNet-18 without its pooling and classifier, the strides of layer4 replaced by
    /// dilation (output stride 16: 224 x 224 frames give a 14 x 14 map), then a 3 x 3 convolution to K channels.
    /// </summary>
    ResNet18Dilated,

    /// <summary>A small VGG-style tower (<see cref="SeparationArchitecture.FrameTower"/>) and a 3 x 3 convolution to K channels, for CPU training.</summary>
    Small,
}
