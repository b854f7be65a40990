namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>A mixture made of held-out audio only, with its references and its clip manifest.</summary>
/// <param name="Names">The sources, in the order of the references.</param>
/// <param name="Mixture">The mixture (whole clips, so a separator cuts it where the manifest does).</param>
/// <param name="References">Per source, its part of the mixture (scaled by 1 / sources, as mixed).</param>
/// <param name="Manifest">The clip mixtures: recording indices into <paramref name="Recordings"/>, image indices and groups are instrument indices.</param>
/// <param name="Recordings">The held-out clips the manifest refers to.</param>
public sealed record HeldOutMixture(IReadOnlyList<string> Names, float[] Mixture, float[][] References, IReadOnlyList<MixtureSpec> Manifest,
    IReadOnlyList<float[]> Recordings);
