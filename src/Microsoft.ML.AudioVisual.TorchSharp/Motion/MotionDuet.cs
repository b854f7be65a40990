using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Motion;

/// <summary>A duet made ready for the Sound of Motions network.</summary>
/// <param name="Prepared">Mixture spectrogram, sources, targets and loss weight (as mix-and-separate prepares them).</param>
/// <param name="Videos">Per source, grey frames <c>[T, 1, S, S]</c> in [0, 1].</param>
/// <param name="Trajectories">Per source, trajectory displacements <c>[T-1, 2, Hs, Ws]</c> (see <see cref="Trajectories.Displacements"/>).</param>
internal sealed record MotionDuet(PreparedMixture Prepared, float[][] Videos, float[][] Trajectories);
