using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;

namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>How well a correspondence model did on a labelled audio-visual set, next to its baselines.</summary>
/// <param name="AvcAccuracy">Correspondence accuracy on balanced pairs: every sound with an image of its class and with one of another class.</param>
/// <param name="AudioToImage">Cross-modal retrieval, sound queries over the images (relevant: same class).</param>
/// <param name="ImageToAudio">Cross-modal retrieval, image queries over the sounds.</param>
/// <param name="LinearProbeAccuracy">5-fold stratified OneVersusAll(LinearSvm) accuracy on the frozen audio embeddings.</param>
/// <param name="BaselineLogMelProbeAccuracy">The same probe on the raw spectrograms.</param>
/// <param name="BaselineRandomNetworkProbeAccuracy">The same probe on embeddings of the same network with random weights.</param>
/// <param name="Items">Sounds evaluated.</param>
/// <param name="Images">Images evaluated.</param>
/// <param name="Classes">Distinct classes among the sounds (chance of a probe is about 1 / classes).</param>
/// <param name="LinearProbe">The probe on the embeddings in full (folds, confusion matrix), when known.</param>
public sealed record AvcEvaluationReport(double AvcAccuracy, RetrievalReport AudioToImage, RetrievalReport ImageToAudio,
    double LinearProbeAccuracy, double BaselineLogMelProbeAccuracy, double BaselineRandomNetworkProbeAccuracy, int Items, int Images, int Classes,
    LinearProbeResult? LinearProbe = null);

/// <summary>Evaluates AvcEmbedding models: correspondence, cross-modal retrieval and the downstream linear probe with its baselines.</summary>
public static class AvcEvaluator
{
    /// <summary>Evaluates <paramref name="model"/> on every sound and image of <paramref name="data"/>.</summary>
    /// <param name="context">ML.NET context for the probes.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="data">Labelled sounds and images (labels only score the evaluation).</param>
    /// <param name="seed">Seeds the pair draw, the probe folds and the random network.</param>
    public static AvcEvaluationReport Evaluate(MLContext context, AvcEmbeddingTransformer model, AudioVisualExamples data, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var audioLabels = data.AudioLabels.ToArray();
        var imageLabels = data.ImageLabels.ToArray();
        var audio = model.EmbedAudio(data.Spectrograms);
        var images = model.EmbedVisual(data.Images);

        var (pairImages, pairSounds, corresponds) = BalancedPairs.Draw(data, seed);
        double avc = BalancedPairs.Accuracy(model.ScoreEmbeddings(pairImages.Select(i => images[i]).ToList(), pairSounds.Select(i => audio[i]).ToList()), corresponds);
        var audioToImage = RetrievalMetrics.Evaluate(audio, audioLabels, images, imageLabels);
        var imageToAudio = RetrievalMetrics.Evaluate(images, imageLabels, audio, audioLabels);
        var probe = LinearProbe.CrossValidate(context, audio, audioLabels, folds: 5, seed: seed);
        double logMel = LinearProbe.CrossValidate(context, data.Spectrograms.ToArray(), audioLabels, folds: 5, seed: seed).Accuracy;
        double random;
        using (var untrained = model.WithRandomWeights(seed))
            random = LinearProbe.CrossValidate(context, untrained.EmbedAudio(data.Spectrograms), audioLabels, folds: 5, seed: seed).Accuracy;
        return new AvcEvaluationReport(avc, audioToImage, imageToAudio, probe.Accuracy, logMel, random, audio.Length, images.Length, audioLabels.Distinct().Count(), probe);
    }
}
