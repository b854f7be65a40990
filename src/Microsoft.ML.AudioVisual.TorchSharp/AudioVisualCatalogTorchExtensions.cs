using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Synchronization;

namespace Microsoft.ML.AudioVisual;

/// <summary>The TorchSharp trainers of <c>mlContext.AudioVisual()</c>.</summary>
public static class AudioVisualCatalogTorchExtensions
{
    /// <summary>
    /// Audio-visual correspondence training (AVE-Net by default) with the small preset.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="visualColumnName">Image column, <c>Vector&lt;Single, C, H, W&gt;</c> (or T frames).</param>
    /// <param name="audioColumnName">Spectrogram column, <c>Vector&lt;Single, F, T&gt;</c>.</param>
    /// <param name="groupColumnName">Optional source id column: negatives never come from the same group.</param>
    /// <param name="epochs">Passes over the data.</param>
    public static AvcEmbeddingEstimator AvcEmbedding(this AudioVisualCatalog catalog,
        string visualColumnName = CorrespondenceTrainingOptions.InputDefaults.VisualColumnName,
        string audioColumnName = CorrespondenceTrainingOptions.InputDefaults.AudioColumnName,
        string? groupColumnName = null, int epochs = AvcEmbeddingOptions.DefaultEpochs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AvcEmbeddingEstimator(catalog.Context, new AvcEmbeddingOptions
        {
            VisualColumnName = visualColumnName,
            AudioColumnName = audioColumnName,
            GroupColumnName = groupColumnName,
            Epochs = epochs,
        });
    }

    /// <summary>Audio-visual correspondence training with full control over architecture and training.</summary>
    public static AvcEmbeddingEstimator AvcEmbedding(this AudioVisualCatalog catalog, AvcEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AvcEmbeddingEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Sound localisation (AVOL-Net), starting from a trained AVE-Net model as recommended.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="startFrom">A trained AVE-Net AvcEmbedding model whose towers the localizer starts from.</param>
    /// <param name="visualColumnName">Image column, <c>Vector&lt;Single, C, H, W&gt;</c>.</param>
    /// <param name="audioColumnName">Spectrogram column.</param>
    /// <param name="groupColumnName">Optional source id column.</param>
    /// <param name="epochs">Passes over the data.</param>
    public static SoundLocalizerEstimator SoundLocalizer(this AudioVisualCatalog catalog, AvcEmbeddingTransformer? startFrom,
        string visualColumnName = CorrespondenceTrainingOptions.InputDefaults.VisualColumnName,
        string audioColumnName = CorrespondenceTrainingOptions.InputDefaults.AudioColumnName,
        string? groupColumnName = null, int epochs = 10)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SoundLocalizerEstimator(catalog.Context, new SoundLocalizerOptions
        {
            StartFrom = startFrom,
            VisualColumnName = visualColumnName,
            AudioColumnName = audioColumnName,
            GroupColumnName = groupColumnName,
            Epochs = epochs,
        });
    }

    /// <summary>Sound localisation (AVOL-Net) with full control over options.</summary>
    public static SoundLocalizerEstimator SoundLocalizer(this AudioVisualCatalog catalog, SoundLocalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SoundLocalizerEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Audio-visual temporal synchronisation (AVTS) with the small preset: learns whether a sound is in sync with a clip of
    /// frames from videos alone, and estimates a video's audio offset.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="visualColumnName">Frames column, <c>Vector&lt;Single, T, C, H, W&gt;</c> at <paramref name="framesPerSecond"/>.</param>
    /// <param name="audioColumnName">Spectrogram column of the same span, <c>Vector&lt;Single, F, S&gt;</c>.</param>
    /// <param name="groupColumnName">Optional source id column: easy negatives never come from the same group.</param>
    /// <param name="framesPerSecond">Frame rate of the frames column.</param>
    /// <param name="epochs">Passes over the data.</param>
    public static AudioVisualSyncEstimator AudioVisualSync(this AudioVisualCatalog catalog,
        string visualColumnName = AudioVisualSyncOptions.Defaults.VisualColumnName,
        string audioColumnName = AudioVisualSyncOptions.Defaults.AudioColumnName,
        string? groupColumnName = null, double framesPerSecond = 25, int epochs = AudioVisualSyncOptions.DefaultEpochs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AudioVisualSyncEstimator(catalog.Context, new AudioVisualSyncOptions
        {
            VisualColumnName = visualColumnName,
            AudioColumnName = audioColumnName,
            GroupColumnName = groupColumnName,
            FramesPerSecond = framesPerSecond,
            Epochs = epochs,
        });
    }

    /// <summary>Audio-visual temporal synchronisation (AVTS) with full control over clips, negatives, curriculum, towers and training.</summary>
    public static AudioVisualSyncEstimator AudioVisualSync(this AudioVisualCatalog catalog, AudioVisualSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AudioVisualSyncEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Mix-and-separate training (Sound of Pixels) with the small CPU preset: rows of one source each (waveform and
    /// picture); inference takes a mixture and one picture per source and returns one waveform per source.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="audioColumnName">Training waveform column, <c>Vector&lt;Single&gt;</c> at the front-end's rate.</param>
    /// <param name="visualColumnName">Training picture column; at inference the prefix of the per-source columns (<c>Image0</c>, ...).</param>
    /// <param name="groupColumnName">Optional class or video id column: sources of one group are never mixed.</param>
    /// <param name="sources">Sources per mixture (2 to 4).</param>
    /// <param name="mask">Binary or ratio masks.</param>
    /// <param name="epochs">Passes over the data.</param>
    public static MixAndSeparateEstimator MixAndSeparate(this AudioVisualCatalog catalog,
        string audioColumnName = MixAndSeparateOptions.Defaults.AudioColumnName,
        string visualColumnName = MixAndSeparateOptions.Defaults.VisualColumnName,
        string? groupColumnName = null, int sources = 2, SeparationMask mask = SeparationMask.Binary, int epochs = 40)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MixAndSeparateEstimator(catalog.Context, new MixAndSeparateOptions
        {
            AudioColumnName = audioColumnName,
            VisualColumnName = visualColumnName,
            GroupColumnName = groupColumnName,
            Sources = sources,
            Mask = mask,
            Epochs = epochs,
        });
    }

    /// <summary>Mix-and-separate training with full control over architecture, front-end and training.</summary>
    public static MixAndSeparateEstimator MixAndSeparate(this AudioVisualCatalog catalog, MixAndSeparateOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MixAndSeparateEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Trains Sound of Motions on AV-MNIST-FSDD duets (<see cref="LookAlikeDuets"/>): fresh duets of the training takes and
    /// images every epoch, from different-looking to look-alike ones when <see cref="SoundOfMotionsOptions.Curriculum"/> is
    /// on; validation separates look-alike duets of the test takes. The transformer separates any mixture given one grey
    /// video per source.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="data">Recordings and images (restrict the speakers with <see cref="AvMnistFsdd.WhereSpeaker"/> first).</param>
    /// <param name="options">Training settings; null for the small CPU preset.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The data has no training recordings.</exception>
    public static SoundOfMotionsTransformer TrainSoundOfMotions(this AudioVisualCatalog catalog, AvMnistFsdd data, SoundOfMotionsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SoundOfMotionsTraining.Fit(catalog.Context, data, options ?? new SoundOfMotionsOptions());
    }
}
