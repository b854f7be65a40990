using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>Scores a separation model on seeded mixture manifests, beside the mixture baseline and the ideal-binary-mask oracle.</summary>
public static class SeparationEvaluator
{
    /// <summary>
    /// Scores <paramref name="model"/> on AV-MNIST-FSDD mixtures (<see cref="AvMnistMixtures.Manifest"/>): every
    /// recording of <paramref name="split"/> mixed once, as the first source, with recordings of other digits.
    /// </summary>
    /// <param name="model">The separation model (its visual input must be MNIST's <c>[1, 28, 28]</c>).</param>
    /// <param name="data">Recordings and images.</param>
    /// <param name="split">Which recordings and images.</param>
    /// <param name="seed">Seeds the manifest.</param>
    /// <param name="cancellation">Stops between batches.</param>
    public static SeparationReport EvaluateAvMnist(MixAndSeparateTransformer model, AvMnistFsdd data, Split split, int seed = 0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var manifest = AvMnistMixtures.Manifest(data, split, model.Options.Sources, model.FrontEnd.ClipSamples, seed, imageSplit: split == Split.All ? Split.Test : null);
        var cache = new Dictionary<int, float[]>();
        float[] Recording(int index)
        {
            lock (cache)
            {
                if (!cache.TryGetValue(index, out var samples)) cache[index] = samples = Fsdd.LoadSamples(data.Recordings[index], model.FrontEnd.SampleRate);
                return samples;
            }
        }
        return Evaluate(model, manifest, Recording, data.Images.ToFloats, cancellation);
    }

    /// <summary>Scores <paramref name="model"/> on the mixtures of <paramref name="manifest"/>.</summary>
    /// <param name="model">The separation model.</param>
    /// <param name="manifest">The mixtures (as many sources each as the model separates).</param>
    /// <param name="recording">The samples of a recording by index, at the model's rate.</param>
    /// <param name="image">The visual value of an image by index, in the model's visual shape.</param>
    /// <param name="cancellation">Stops between batches.</param>
    /// <exception cref="ArgumentException">A mixture has another number of sources than the model.</exception>
    public static SeparationReport Evaluate(MixAndSeparateTransformer model, IReadOnlyList<MixtureSpec> manifest, Func<int, float[]> recording, Func<int, float[]> image,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        int sources = model.Options.Sources, clip = model.FrontEnd.ClipSamples;
        if (manifest.FirstOrDefault(m => m.Sources.Count != sources) is { } wrong)
            throw new ArgumentException($"The model separates {sources} sources, but a mixture has {wrong.Sources.Count}.", nameof(manifest));
        var scores = new List<SeparationScores>();
        var oracle = new List<double>();
        int skipped = 0, batch = Math.Max(1, model.Options.InferenceBatchSize);
        for (int start = 0; start < manifest.Count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            var specs = manifest.Skip(start).Take(batch).ToArray();
            var rendered = specs.Select(s => MixtureRenderer.Render(s, recording, clip)).ToArray();
            var results = model.Separate([.. rendered.Select(r => r.Mixture)], [.. specs.Select(s => (IReadOnlyList<float[]>)s.Sources.Select(x => image(x.ImageIndex)).ToArray())]);
            var outcomes = new (SeparationScores? Model, SeparationScores? Oracle)[specs.Length];
            Parallel.For(0, specs.Length, i =>
            {
                var (references, mixture) = rendered[i];
                var ideal = SeparationMixer.Prepare(references, mixture, model.FrontEnd, SeparationMask.Binary);
                var oracleEstimates = ideal.Targets.Select(t => MaskedReconstruction.Reconstruct(ideal.Spectrogram, t, SeparationMask.Binary, clip)).ToArray();
                outcomes[i] = (TryScore(references, [.. results[i].Sources], mixture), TryScore(references, oracleEstimates, mixture));
            });
            foreach (var (m, o) in outcomes)
            {
                if (m is null) skipped++;
                else scores.Add(m);
                if (o is not null) oracle.Add(o.Nsdr);
            }
        }
        static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average();
        return new SeparationReport(Mean(scores.Select(s => s.Nsdr)), Mean(scores.Select(s => s.Sdr)), Mean(scores.Select(s => s.Sir)), Mean(scores.Select(s => s.Sar)),
            Mean(scores.Select(s => s.MixtureSdr)), Mean(oracle), scores.Count, skipped);
    }

    /// <summary>The scores of one mixture, or null when a source or an estimate is (near) silent and the mixture must be skipped.</summary>
    internal static SeparationScores? TryScore(float[][] references, float[][] estimates, float[] mixture)
    {
        double[][] r = [.. references.Select(ToDouble)], e = [.. estimates.Select(ToDouble)];
        return SeparationScores.IsEvaluable(r, e) ? SeparationScores.Compute(r, e, ToDouble(mixture)) : null;
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);
}
