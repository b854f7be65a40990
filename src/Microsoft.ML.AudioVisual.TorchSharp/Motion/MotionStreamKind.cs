namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>Which 3D CNN turns dense trajectories into motion features.</summary>
public enum MotionStreamKind
{
    /// <summary>A plain stack of 3 x 3 x 3 convolutions (<see cref="SoundOfMotionsArchitecture.MotionWidths"/>), for CPU.</summary>
    Plain,

    /// <summary>
    /// I3D-like, as the paper's motion network: the stem and the Inception blocks of inflated Inception-v1 up to Mixed_4b
    /// (512 channels), with every stride and pooling in space only, so that the features keep the trajectory steps.
    /// </summary>
    Inception,
}
