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
        return Evaluate(model, manifest, RecordingCache(data, model.FrontEnd.SampleRate), data.Images.ToFloats, cancellation);
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
        return Score(manifest.Count, model.FrontEnd, model.Options.InferenceBatchSize, i => MixtureRenderer.Render(manifest[i], recording, clip),
            (indices, mixtures) => model.Separate(mixtures, [.. indices.Select(i => (IReadOnlyList<float[]>)manifest[i].Sources.Select(x => image(x.ImageIndex)).ToArray())]),
            cancellation);
    }

    /// <summary>
    /// Scores an appearance-only separator on AV-MNIST-FSDD duets (<see cref="LookAlikeDuets"/>), by default all look-alike:
    /// both sources show the same image, which is all this model sees, so it cannot tell them apart; the baseline of
    /// <see cref="EvaluateDuets(Motion.SoundOfMotionsTransformer, AvMnistFsdd, Split, int, int?, double, CancellationToken)"/>.
    /// </summary>
    /// <param name="model">The separation model (two sources; its visual input must be MNIST's <c>[1, 28, 28]</c>).</param>
    /// <param name="data">Recordings and images.</param>
    /// <param name="split">Which recordings and images (<see cref="Split.All"/> takes the test images).</param>
    /// <param name="seed">Seeds the duets.</param>
    /// <param name="duets">At most this many duets (the manifest's first); null for one per recording.</param>
    /// <param name="lookAlikeFraction">The share of look-alike duets (default 1; 0 for different-looking duets only).</param>
    /// <param name="cancellation">Stops between batches.</param>
    /// <exception cref="ArgumentException">The model does not separate two sources.</exception>
    public static SeparationReport EvaluateDuets(MixAndSeparateTransformer model, AvMnistFsdd data, Split split, int seed = 0, int? duets = null,
        double lookAlikeFraction = 1.0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (model.Options.Sources != 2) throw new ArgumentException($"Duets have two sources; the model separates {model.Options.Sources}.", nameof(model));
        var recording = RecordingCache(data, model.FrontEnd.SampleRate);
        var manifest = DuetManifest(data, split, model.FrontEnd, seed, duets, lookAlikeFraction, recording);
        return Score(manifest.Count, model.FrontEnd, model.Options.InferenceBatchSize, i => MixtureRenderer.Render(manifest[i].Mixture, recording, model.FrontEnd.ClipSamples),
            (indices, mixtures) => model.Separate(mixtures, [.. indices.Select(i => (IReadOnlyList<float[]>)manifest[i].Mixture.Sources.Select(x => data.Images.ToFloats(x.ImageIndex)).ToArray())]),
            cancellation);
    }

    /// <summary>
    /// Scores a Sound of Motions separator on AV-MNIST-FSDD duets (<see cref="LookAlikeDuets"/>, the images moved as the model
    /// was trained with), by default all look-alike: both sources show the same image, only the motion tells them apart.
    /// </summary>
    /// <inheritdoc cref="EvaluateDuets(MixAndSeparateTransformer, AvMnistFsdd, Split, int, int?, double, CancellationToken)"/>
    public static SeparationReport EvaluateDuets(Motion.SoundOfMotionsTransformer model, AvMnistFsdd data, Split split, int seed = 0, int? duets = null,
        double lookAlikeFraction = 1.0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var options = model.Options;
        var recording = RecordingCache(data, model.FrontEnd.SampleRate);
        var manifest = DuetManifest(data, split, model.FrontEnd, seed, duets, lookAlikeFraction, recording);
        var rendered = new DuetClip[manifest.Count];
        return Score(manifest.Count, model.FrontEnd, options.InferenceBatchSize, i =>
            {
                rendered[i] = LookAlikeDuets.Render(data, manifest[i], model.FrontEnd, options.Duets, recording);
                return (rendered[i].Sources, rendered[i].Mixture);
            },
            (indices, mixtures) => model.Separate(mixtures, [.. indices.Select(i => (IReadOnlyList<float[]>)rendered[i].Videos)]),
            cancellation);
    }

    private static IReadOnlyList<LookAlikeDuet> DuetManifest(AvMnistFsdd data, Split split, SeparationFrontEnd frontEnd, int seed, int? duets, double lookAlikeFraction,
        Func<int, float[]> recording)
    {
        if (duets is <= 0) throw new ArgumentOutOfRangeException(nameof(duets), duets, "Evaluate at least one duet.");
        var manifest = LookAlikeDuets.Manifest(data, split, frontEnd, seed, lookAlikeFraction, imageSplit: split == Split.All ? Split.Test : null, recording: recording);
        return duets is int n && n < manifest.Count ? [.. manifest.Take(n)] : manifest;
    }

    private static Func<int, float[]> RecordingCache(AvMnistFsdd data, int sampleRate)
    {
        var cache = new System.Collections.Concurrent.ConcurrentDictionary<int, float[]>();
        return index => cache.GetOrAdd(index, i => Fsdd.LoadSamples(data.Recordings[i], sampleRate));
    }

    /// <summary>
    /// Separates <paramref name="count"/> rendered mixtures batch by batch and scores them against their references, beside
    /// the mixture baseline and the ideal-binary-mask oracle.
    /// </summary>
    private static SeparationReport Score(int count, SeparationFrontEnd frontEnd, int batchSize, Func<int, (float[][] References, float[] Mixture)> render,
        Func<int[], IReadOnlyList<float[]>, IReadOnlyList<SeparationResult>> separate, CancellationToken cancellation)
    {
        int clip = frontEnd.ClipSamples;
        var scores = new List<SeparationScores>();
        var oracle = new List<double>();
        int skipped = 0, batch = Math.Max(1, batchSize);
        for (int start = 0; start < count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int[] indices = [.. Enumerable.Range(start, Math.Min(batch, count - start))];
            var rendered = new (float[][] References, float[] Mixture)[indices.Length];
            Parallel.For(0, indices.Length, i => rendered[i] = render(indices[i]));
            var results = separate(indices, [.. rendered.Select(r => r.Mixture)]);
            var outcomes = new (SeparationScores? Model, SeparationScores? Oracle)[indices.Length];
            Parallel.For(0, indices.Length, i =>
            {
                var (references, mixture) = rendered[i];
                var ideal = SeparationMixer.Prepare(references, mixture, frontEnd, SeparationMask.Binary);
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
