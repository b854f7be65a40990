using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Turns a few photo-sound pairs (one photo and one recording per subject) into many training examples: random
/// square crops (55-100 % of the short side), mirrors and brightness of the photo; random loud one-second snippets,
/// gains and a faint noise floor of the recording. Each example's crop and snippet come from the same subject,
/// which is its label and group.
/// </summary>
public static class PhotoSoundAugmentation
{
    /// <summary>
    /// <paramref name="count"/> augmented examples, cycling through the subjects, images <c>[3, imageSize, imageSize]</c>
    /// and spectrograms of one second made by <paramref name="frontEnd"/> (recorded on the set).
    /// </summary>
    /// <param name="pairs">The subjects; their sounds must be at the front-end's sample rate.</param>
    /// <param name="frontEnd">The audio front-end.</param>
    /// <param name="count">Examples to make.</param>
    /// <param name="imageSize">Side of the square crops in pixels.</param>
    /// <param name="seed">Fixes every crop, snippet, gain and noise sample.</param>
    public static AudioVisualExamples Build(IReadOnlyList<PhotoSoundPair> pairs, SpectrogramOptions frontEnd, int count, int imageSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(frontEnd);
        if (pairs.Count < 2) throw new ArgumentException($"Correspondence needs at least two subjects, got {pairs.Count}.", nameof(pairs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        int rate = frontEnd.SampleRate;
        var wrongRate = pairs.FirstOrDefault(p => p.SampleRate != rate);
        if (wrongRate is not null)
            throw new ArgumentException($"The sound of '{wrongRate.Name}' is at {wrongRate.SampleRate} Hz but the front-end runs at {rate} Hz.", nameof(pairs));
        var computer = new SpectrogramComputer(frontEnd);
        var random = new Random(seed);
        var images = new float[count][];
        var sounds = new float[count][];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int k = i % pairs.Count;
            var pair = pairs[k];
            images[i] = RandomCrop(pair, imageSize, random);
            var snippet = LoudWindows.RandomLoud(pair.Sound, rate, random);
            float loudness = (float)(0.4 + 1.2 * random.NextDouble());
            for (int s = 0; s < snippet.Length; s++) snippet[s] = snippet[s] * loudness + (float)((random.NextDouble() - 0.5) * 0.002);
            sounds[i] = computer.Compute(snippet);
            labels[i] = k;
        }
        return new AudioVisualExamples([3, imageSize, imageSize], images, labels, [computer.FrequencyBins, computer.FrameCount(rate)], sounds, labels,
            Enumerable.Range(0, count).Select(i => (i, i)).ToArray(), new AudioFrontEnd(computer.Options, 1.0));
    }

    private static float[] RandomCrop(PhotoSoundPair pair, int size, Random random)
    {
        double side = Math.Min(pair.Width, pair.Height) * (0.55 + 0.45 * random.NextDouble());
        double left = random.NextDouble() * (pair.Width - side), top = random.NextDouble() * (pair.Height - side);
        var image = PlanarImage.CropResize(pair.Photo, 3, pair.Height, pair.Width, left, top, side, side, size, size, mirror: random.Next(2) == 0);
        float gain = (float)(0.75 + 0.5 * random.NextDouble());
        for (int p = 0; p < image.Length; p++) image[p] = Math.Clamp(image[p] * gain, 0f, 1f);
        return image;
    }
}
