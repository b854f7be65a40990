using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;

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
}
