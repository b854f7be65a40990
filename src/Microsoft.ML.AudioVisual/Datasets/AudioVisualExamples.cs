using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// An audio-visual data set in memory, ready for training and evaluation: images <c>[C, H, W]</c> and
/// spectrograms <c>[F, T]</c> with their class labels, and the training pairs (an image with a sound of the
/// same source). Labels only form pairs and score evaluations; they are never training targets.
/// </summary>
public sealed class AudioVisualExamples
{
    /// <summary>The image column of <see cref="PairsView"/>.</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The spectrogram column of the views.</summary>
    public const string SpectrogramColumnName = "Spectrogram";

    /// <summary>The group (source) column of <see cref="PairsView"/>.</summary>
    public const string GroupColumnName = "Group";

    /// <summary>The column of <see cref="PairsView"/> listing the classes each image shows, when the images show several (<see cref="ImageLabelSets"/>).</summary>
    public const string VisibleGroupsColumnName = "VisibleGroups";

    /// <summary>Creates the set; all images share one shape, all spectrograms another.</summary>
    public AudioVisualExamples(int[] imageShape, IReadOnlyList<float[]> images, IReadOnlyList<int> imageLabels,
        int[] spectrogramShape, IReadOnlyList<float[]> spectrograms, IReadOnlyList<int> audioLabels, IReadOnlyList<(int Image, int Audio)> pairs,
        AudioFrontEnd? frontEnd = null, IReadOnlyList<int[]>? imageLabelSets = null)
    {
        if (imageShape.Length != 3) throw new ArgumentException("Images must be [C, H, W].", nameof(imageShape));
        if (spectrogramShape.Length != 2) throw new ArgumentException("Spectrograms must be [F, T].", nameof(spectrogramShape));
        if (images.Count != imageLabels.Count) throw new ArgumentException($"{images.Count} images but {imageLabels.Count} labels.", nameof(imageLabels));
        if (spectrograms.Count != audioLabels.Count) throw new ArgumentException($"{spectrograms.Count} spectrograms but {audioLabels.Count} labels.", nameof(audioLabels));
        ImageShape = imageShape;
        Images = images;
        ImageLabels = imageLabels;
        SpectrogramShape = spectrogramShape;
        Spectrograms = spectrograms;
        AudioLabels = audioLabels;
        Pairs = pairs;
        FrontEnd = frontEnd;
        if (imageLabelSets is not null && (imageLabelSets.Count != images.Count || imageLabelSets.Select(s => s.Length).Distinct().Count() > 1))
            throw new ArgumentException($"One set of classes of equal length per image is needed; {images.Count} images, {imageLabelSets.Count} sets.", nameof(imageLabelSets));
        ImageLabelSets = imageLabelSets;
    }

    /// <summary>
    /// Every class each image shows (its own label among them), for images of several sources such as composite scenes;
    /// null when each image shows only its label's class.
    /// </summary>
    public IReadOnlyList<int[]>? ImageLabelSets { get; }

    /// <summary>How the spectrograms were made from waveforms (carried by the views, so trained models record it), or null.</summary>
    public AudioFrontEnd? FrontEnd { get; }

    /// <summary><c>[C, H, W]</c>.</summary>
    public int[] ImageShape { get; }

    /// <summary>The images.</summary>
    public IReadOnlyList<float[]> Images { get; }

    /// <summary>Class of each image.</summary>
    public IReadOnlyList<int> ImageLabels { get; }

    /// <summary><c>[F, T]</c>.</summary>
    public int[] SpectrogramShape { get; }

    /// <summary>The spectrograms.</summary>
    public IReadOnlyList<float[]> Spectrograms { get; }

    /// <summary>Class of each spectrogram.</summary>
    public IReadOnlyList<int> AudioLabels { get; }

    /// <summary>Training rows: an image index with the index of a sound from the same source.</summary>
    public IReadOnlyList<(int Image, int Audio)> Pairs { get; }

    /// <summary>The AV-MNIST-FSDD audio front-end: 8 kHz, 1 s, log-mel 40 x 101 (n_fft 256, window 200, hop 80) in dB (top 80 dB).</summary>
    public static SpectrogramOptions FsddFrontEnd()
    {
        var options = SpectrogramOptions.TorchAudio(Fsdd.NativeSampleRate);
        options.FftSize = 256;
        options.WindowLength = 200;
        options.HopLength = 80;
        options.MelBins = 40;
        options.Log = LogCompression.Decibels;
        options.DecibelTopDb = 80;
        return options;
    }

    /// <summary>
    /// AV-MNIST-FSDD: a spoken digit (FSDD, centred in 1 s, <see cref="FsddFrontEnd"/>) with a handwritten image
    /// of the same digit (MNIST, <c>[1, 28, 28]</c> in [0, 1]). All recordings and images of the split are
    /// included for evaluation; <paramref name="pairCount"/> seeded same-digit pairs make the training rows.
    /// </summary>
    /// <param name="source">Recordings and images.</param>
    /// <param name="split">Which recordings (and, unless <paramref name="imageSplit"/> says otherwise, which images).</param>
    /// <param name="pairCount">Training pairs to draw (0 for none).</param>
    /// <param name="seed">Seeds the pairs.</param>
    /// <param name="frontEnd">The audio front-end; null for <see cref="FsddFrontEnd"/>.</param>
    /// <param name="imageSplit">Which images, when not those of <paramref name="split"/> (e.g. every take of a held-out speaker with the test images).</param>
    public static AudioVisualExamples FromAvMnistFsdd(AvMnistFsdd source, Split split, int pairCount, int seed, SpectrogramOptions? frontEnd = null,
        Split? imageSplit = null)
    {
        var computer = new SpectrogramComputer(frontEnd ?? FsddFrontEnd());
        var recordingIndices = source.GetRecordingIndices(split);
        var imageIndices = source.GetImageIndices(imageSplit ?? split);
        var recordings = recordingIndices.Select(i => source.Recordings[i]).ToArray();
        var spectrograms = new float[recordings.Length][];
        double seconds = 1.0;
        Parallel.For(0, recordings.Length, i =>
            spectrograms[i] = computer.Compute(Fsdd.LoadWaveform(recordings[i], computer.Options.SampleRate, seconds)));
        int frames = computer.FrameCount((int)Math.Round(seconds * computer.Options.SampleRate));
        var images = imageIndices.Select(source.Images.ToFloats).ToArray();

        var recordingPosition = recordingIndices.Select((r, position) => (r, position)).ToDictionary(p => p.r, p => p.position);
        var imagePosition = imageIndices.Select((r, position) => (r, position)).ToDictionary(p => p.r, p => p.position);
        if (pairCount > 0 && imageSplit is Split chosen && chosen != split)
            throw new ArgumentException("Training pairs take recordings and images of one split.", nameof(imageSplit));
        var pairs = pairCount == 0 ? [] : source.MakePairs(split, pairCount, seed)
            .Select(p => (imagePosition[p.ImageIndex], recordingPosition[p.RecordingIndex])).ToArray();
        return new AudioVisualExamples(
            [1, source.Images.Rows, source.Images.Columns], images, imageIndices.Select(i => source.Images.Labels[i]).ToArray(),
            [computer.FrequencyBins, frames], spectrograms, recordings.Select(r => r.Digit).ToArray(), pairs, new AudioFrontEnd(computer.Options, seconds));
    }

    /// <summary>The embedded synthetic set: each item's image and sound form a pair; the same front-end as FSDD.</summary>
    internal static AudioVisualExamples FromSynthetic(SyntheticAudioVisual data, SpectrogramOptions? frontEnd = null)
    {
        var options = frontEnd ?? FsddFrontEnd();
        if (options.SampleRate != data.SampleRate)
            throw new ArgumentException($"The front-end runs at {options.SampleRate} Hz but the synthetic audio is at {data.SampleRate} Hz.", nameof(frontEnd));
        var computer = new SpectrogramComputer(options);
        var items = data.Items;
        var spectrograms = new float[items.Count][];
        Parallel.For(0, items.Count, i => spectrograms[i] = computer.Compute(items[i].Waveform));
        var labels = items.Select(i => i.Label).ToArray();
        return new AudioVisualExamples(
            [3, data.ImageSize, data.ImageSize], items.Select(i => i.Image).ToArray(), labels,
            [computer.FrequencyBins, computer.FrameCount(data.WaveformLength)], spectrograms, labels,
            Enumerable.Range(0, items.Count).Select(i => (i, i)).ToArray(), new AudioFrontEnd(computer.Options, (double)data.WaveformLength / data.SampleRate));
    }

    /// <summary>
    /// The training rows as a data view: <c>Image</c>, <c>Spectrogram</c>, <c>Group</c> (the class: each class
    /// plays the part of one source, so negatives pair an image with a sound of another class) and <c>Label</c>; with
    /// <see cref="ImageLabelSets"/> also <c>VisibleGroups</c> (<c>Vector&lt;Int32&gt;</c>, every class the image shows).
    /// </summary>
    public IDataView PairsView(MLContext context) => ImageLabelSets is { } sets
        ? AudioVisualRows.Load(context, ImageShape, SpectrogramShape, FrontEnd, Pairs.Select(p => Fill(new AudioVisualRows.SceneRow { VisibleGroups = sets[p.Image] }, p)))
        : AudioVisualRows.Load(context, ImageShape, SpectrogramShape, FrontEnd, Pairs.Select(p => Fill(new AudioVisualRows.Row(), p)));

    private TRow Fill<TRow>(TRow row, (int Image, int Audio) pair) where TRow : AudioVisualRows.Row
    {
        (row.Image, row.Spectrogram, row.Group, row.Label) = (Images[pair.Image], Spectrograms[pair.Audio], ImageLabels[pair.Image], ImageLabels[pair.Image]);
        return row;
    }

    /// <summary>The sounds alone: <c>Spectrogram</c> and <c>Label</c> (for audio embeddings and probes).</summary>
    public IDataView AudioView(MLContext context) => AudioVisualRows.LoadAudio(context, SpectrogramShape, FrontEnd,
        Spectrograms.Select((s, i) => new AudioVisualRows.AudioRow { Spectrogram = s, Label = AudioLabels[i] }));
}
