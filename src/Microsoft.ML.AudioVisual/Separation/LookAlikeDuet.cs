namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>One duet of <see cref="LookAlikeDuets"/>: two sources of different digits and how their images move.</summary>
/// <param name="Mixture">The two sources (recording, image, digit, offset), as for any AV-MNIST-FSDD mixture.</param>
/// <param name="LookAlike">True when both sources show the same image, so only the motion tells them apart.</param>
/// <param name="Directions">Per source, the direction of its image's shift in radians (0 to the right, pi / 2 down).</param>
public sealed record LookAlikeDuet(MixtureSpec Mixture, bool LookAlike, IReadOnlyList<double> Directions);

/// <summary>The waveforms and videos of a <see cref="LookAlikeDuet"/>.</summary>
/// <param name="Sources">Per source, its part of the mixture (placed at its offset, scaled by 1/2), <c>ClipSamples</c> long.</param>
/// <param name="Mixture">The sum of the sources.</param>
/// <param name="Videos">Per source, grey frames <c>[T, 1, S, S]</c> in [0, 1].</param>
/// <param name="Envelopes">Per source and frame, its loudness in [0, 1]: the frame's RMS over the source's loudest frame's.</param>
/// <param name="FrameCount">T.</param>
/// <param name="FrameSize">S.</param>
public sealed record DuetClip(float[][] Sources, float[] Mixture, float[][] Videos, float[][] Envelopes, int FrameCount, int FrameSize);
