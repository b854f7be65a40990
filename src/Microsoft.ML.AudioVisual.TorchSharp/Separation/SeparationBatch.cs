using Microsoft.ML.AudioVisual.Evaluation;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// The parts of a mix-and-separate step that do not depend on how the masks are predicted, shared by the Sound of Pixels
/// and Sound of Motions tasks: staging the targets and loss weights of prepared mixtures, and scoring predicted masks.
/// </summary>
internal static class SeparationBatch
{
    /// <summary>The targets <c>[B, N, F, T]</c> of <paramref name="prepared"/> (source-major within a mixture) on <paramref name="device"/>.</summary>
    public static Tensor Targets(IReadOnlyList<PreparedMixture> prepared, Device device) =>
        Stack([.. prepared.SelectMany(p => p.Targets)], [prepared.Count, prepared[0].Targets.Length, .. Plane(prepared)], device);

    /// <summary>The loss weights <c>[B, 1, F, T]</c> (or <c>[B, N, F, T]</c>, one plane per source) of <paramref name="prepared"/> on <paramref name="device"/>.</summary>
    public static Tensor Weights(IReadOnlyList<PreparedMixture> prepared, Device device) =>
        Stack([.. prepared.Select(p => p.Weight)], [prepared.Count, prepared[0].Weight.Length / prepared[0].Targets[0].Length, .. Plane(prepared)], device);

    /// <summary>The loss of <paramref name="logits"/> <c>[B, N, F, T]</c> against the targets of <paramref name="prepared"/>, weighted when <paramref name="weighted"/>.</summary>
    public static Tensor Loss(Tensor logits, IReadOnlyList<PreparedMixture> prepared, bool weighted, SeparationMask mask, Device device) =>
        SeparationForward.Loss(logits, Targets(prepared, device), weighted ? Weights(prepared, device) : null, mask);

    /// <summary>
    /// Applies the masks <paramref name="logits"/> <c>[B, N, F, T]</c> to their mixtures and scores the estimates against the
    /// sources (BSS_EVAL, no permutation); mixtures with a (near) silent source or estimate are left out. With a
    /// <paramref name="normalizeExponent"/> each mixture's masks are first raised to it and divided by their sum
    /// (<see cref="MixtureConsistency"/>).
    /// </summary>
    public static IReadOnlyList<SeparationScores> Score(Tensor logits, IReadOnlyList<PreparedMixture> prepared, SeparationMask mask, float? binaryThreshold,
        float? normalizeExponent = null) => Score(Masks(logits, mask), prepared, mask, binaryThreshold, normalizeExponent);

    /// <summary>The activated masks of <paramref name="logits"/> <c>[B, N, F, T]</c>, on the host.</summary>
    public static float[] Masks(Tensor logits, SeparationMask mask)
    {
        using (NewDisposeScope())
            return SeparationForward.Activate(logits, mask).to(CPU).contiguous().data<float>().ToArray();
    }

    /// <summary><see cref="Score(Tensor, IReadOnlyList{PreparedMixture}, SeparationMask, float?, float?)"/> of activated masks (left as they are).</summary>
    public static IReadOnlyList<SeparationScores> Score(float[] activated, IReadOnlyList<PreparedMixture> prepared, SeparationMask mask, float? binaryThreshold,
        float? normalizeExponent = null)
    {
        int size = prepared[0].Targets[0].Length, sources = prepared[0].Sources.Length;
        var masks = activated;
        if (normalizeExponent is float exponent)
        {
            masks = (float[])activated.Clone();
            for (int i = 0; i < prepared.Count; i++) MixtureConsistency.NormalizeMasks(masks.AsSpan(i * sources * size, sources * size), sources, exponent);
        }
        var scores = new SeparationScores?[prepared.Count];
        Parallel.For(0, prepared.Count, i =>
        {
            var p = prepared[i];
            var estimates = Enumerable.Range(0, sources)
                .Select(n => MaskedReconstruction.Reconstruct(p.Spectrogram, masks.AsSpan(((i * sources) + n) * size, size), mask, p.Mixture.Length, binaryThreshold))
                .ToArray();
            scores[i] = SeparationEvaluator.TryScore(p.Sources, estimates, p.Mixture);
        });
        return [.. scores.OfType<SeparationScores>()];
    }

    /// <summary>The validation metrics of separation models: mean NSDR and SDR of <paramref name="scores"/>, or null when none could be scored.</summary>
    public static IReadOnlyDictionary<string, double>? Metrics(IReadOnlyList<SeparationScores> scores) => scores.Count == 0 ? null : new Dictionary<string, double>
    {
        [MixAndSeparateTask.NsdrMetric] = scores.Average(s => s.Nsdr),
        [MixAndSeparateTask.SdrMetric] = scores.Average(s => s.Sdr),
    };

    private static long[] Plane(IReadOnlyList<PreparedMixture> prepared) =>
        [prepared[0].Spectrogram.FrontEnd.LogFrequencyBins, prepared[0].Spectrogram.Frames];

    private static Tensor Stack(float[][] planes, long[] shape, Device device)
    {
        int size = planes[0].Length;
        var staged = new float[planes.Length * size];
        for (int i = 0; i < planes.Length; i++) planes[i].CopyTo(staged, i * size);
        return tensor(staged, shape).to(device);
    }
}
