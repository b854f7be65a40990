using System.Globalization;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Spectral;

namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>
/// Frozen embeddings of a trained <see cref="AvcEmbeddingTransformer"/> as downstream features: audio embeddings
/// for sound files, visual embeddings for images and videos.
/// </summary>
/// <remarks>
/// <para>
/// Audio: the file is decoded at the rate of the model's front-end (<see cref="AvcEmbeddingTransformer.AudioFrontEnd"/>)
/// and cut into windows of its clip length (<see cref="ClipWindows.Split"/>:
/// a short clip is centre-padded as in training, a long one gives evenly spread windows covering it); each window's
/// spectrogram is embedded with <see cref="AvcEmbeddingTransformer.EmbedAudio"/>.
/// </para>
/// <para>
/// Visual: an image is one window (stretched to the model's size, as <c>avl embed</c> does); a video gives
/// <see cref="VideoWindows"/> windows at evenly spread times (centre-cropped, as the video training source does), each
/// of the model's frame count of consecutive frames, embedded with <see cref="AvcEmbeddingTransformer.EmbedVisual"/>.
/// One-channel models get the mean of R, G and B.
/// </para>
/// <para>The adapter does not own the model: dispose the transformer yourself.</para>
/// </remarks>
public sealed class AvcEmbeddingFeatures : IClipFeatureExtractor
{
    private readonly AvcEmbeddingTransformer _model;
    private readonly SpectrogramComputer? _frontEnd;
    private readonly int _windowSamples;

    /// <summary>Adapts <paramref name="model"/> to files of <paramref name="modality"/>.</summary>
    /// <param name="model">A trained model.</param>
    /// <param name="modality">The data set's modality: audio embeddings for <see cref="MediaModality.Audio"/>, visual ones otherwise.</param>
    /// <param name="videoWindows">Windows per video (visual embeddings).</param>
    /// <exception cref="InvalidOperationException">Audio was asked for but the model does not record its front-end and clip length.</exception>
    public AvcEmbeddingFeatures(AvcEmbeddingTransformer model, MediaModality modality, int videoWindows = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(videoWindows);
        _model = model;
        Modality = modality;
        VideoWindows = videoWindows;
        if (modality == MediaModality.Audio)
        {
            if (model.AudioFrontEnd is not { Options: var frontEnd, ClipSeconds: double seconds })
                throw new InvalidOperationException("The model does not record its audio front-end and clip length (train it with a LogMelSpectrogram stage), so sound files cannot be embedded.");
            _frontEnd = new SpectrogramComputer(frontEnd);
            _windowSamples = (int)Math.Round(seconds * frontEnd.SampleRate);
            int bins = _frontEnd.FrequencyBins, frames = _frontEnd.FrameCount(_windowSamples);
            if (bins != model.Shapes.AudioBins || frames != model.Shapes.AudioFrames)
                throw new InvalidOperationException($"The model's front-end makes {bins} x {frames} spectrograms of {seconds} s but the model takes {model.Shapes.AudioBins} x {model.Shapes.AudioFrames}.");
        }
    }

    /// <summary>The modality embedded.</summary>
    public MediaModality Modality { get; }

    /// <summary>Windows per video.</summary>
    public int VideoWindows { get; }

    /// <inheritdoc/>
    public string Name => "AvcEmbedding";

    /// <inheritdoc/>
    public string Description => _frontEnd is { } computer
        ? string.Create(CultureInfo.InvariantCulture, $"AvcEmbedding audio embeddings ({Dimension}-d) of {_model.AudioFrontEnd?.ClipSeconds} s windows, front-end {computer.Options.SampleRate} Hz, {computer.FrequencyBins} bins")
        : $"AvcEmbedding visual embeddings ({Dimension}-d) of {(Modality == MediaModality.Video ? $"{VideoWindows} windows per video" : "each image")}, {_model.Shapes.Width}x{_model.Shapes.Height}";

    /// <inheritdoc/>
    public int Dimension => _model.EmbeddingDimension;

    /// <summary>Mean pooling of the window embeddings.</summary>
    public TimePooling DefaultPooling => TimePooling.Mean;

    /// <inheritdoc/>
    public bool Supports(MediaModality modality) => Modality == MediaModality.Audio ? modality == MediaModality.Audio : modality != MediaModality.Audio;

    /// <inheritdoc/>
    public float[][] ExtractWindows(string path, CancellationToken cancellationToken = default) =>
        _frontEnd is { } computer ? EmbedAudio(path, computer, cancellationToken) : EmbedVisual(path, cancellationToken);

    private float[][] EmbedAudio(string path, SpectrogramComputer computer, CancellationToken cancellationToken)
    {
        var clip = MediaDecoder.DecodeAudio(path, computer.Options.SampleRate, cancellationToken: cancellationToken);
        var spectrograms = ClipWindows.Split(clip.Samples, _windowSamples).Select(w => computer.Compute(w)).ToList();
        return _model.EmbedAudio(spectrograms);
    }

    private float[][] EmbedVisual(string path, CancellationToken cancellationToken)
    {
        var shapes = _model.Shapes;
        var info = MediaDecoder.Probe(path, cancellationToken);
        List<double> times;
        ResizeMode resize;
        if (info.IsStillImage || info.Video is null)
        {
            times = Enumerable.Repeat(0.0, shapes.Frames).ToList();
            resize = ResizeMode.Stretch;
        }
        else
        {
            // Window w is centred at (w + 0.5) / n of the video and spans the model's frame count of native frames.
            double period = 1.0 / info.Video.FrameRate, duration = info.Video.Duration;
            times = [];
            for (int w = 0; w < VideoWindows; w++)
            {
                double centre = (w + 0.5) * duration / VideoWindows;
                for (int f = 0; f < shapes.Frames; f++) times.Add(Math.Max(0, centre + ((f - ((shapes.Frames - 1) / 2.0)) * period)));
            }
            resize = ResizeMode.CenterCrop;
        }
        var clip = MediaDecoder.DecodeFrames(path, times, new FrameFormat(shapes.Width, shapes.Height, resize), padShort: true, info: info, cancellationToken: cancellationToken);
        int plane = shapes.Height * shapes.Width, rgbSize = 3 * plane;
        if (shapes.Channels is not (1 or 3))
            throw new InvalidOperationException($"The model takes {shapes.Channels}-channel images; only 1 and 3 can be made from files.");
        var windows = new List<float[]>();
        for (int start = 0; start < times.Count; start += shapes.Frames)
        {
            var window = new float[shapes.VisualSize];
            for (int f = 0; f < shapes.Frames; f++)
            {
                var rgb = clip.Pixels.AsSpan((start + f) * rgbSize, rgbSize);
                var frame = shapes.Channels == 3 ? rgb : PlanarImage.ToGrey(rgb, plane);
                frame.CopyTo(window.AsSpan(f * shapes.ImageSize, shapes.ImageSize));
            }
            windows.Add(window);
        }
        return _model.EmbedVisual(windows);
    }
}
