namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>A moment of a generated <see cref="SyncVideo"/> where something is seen and heard at once.</summary>
/// <param name="Frame">The first frame that shows it (its time is <c>Frame / FramesPerSecond</c>).</param>
/// <param name="Label">What it is: the digit of a digit video, the <see cref="ImpactShape"/> of an impact video.</param>
public sealed record SyncEvent(int Frame, int Label);
