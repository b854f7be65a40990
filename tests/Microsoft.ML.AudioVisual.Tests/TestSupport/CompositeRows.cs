using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>2 x 2 composite scenes of toy examples as data views, for localizer training and serving.</summary>
public static class CompositeRows
{
    /// <summary>Training pairs of <paramref name="count"/> scenes (image = composite, sound = one of its four items).</summary>
    public static IDataView View(MLContext context, AudioVisualExamples source, int count, int seed)
    {
        var scenes = CompositeScenes.Build(source, 2, count, seed);
        var labels = scenes.Select(s => s.TargetLabel).ToArray();
        var set = new AudioVisualExamples([1, scenes[0].Height, scenes[0].Width], scenes.Select(s => s.Image).ToArray(), labels,
            source.SpectrogramShape, scenes.Select(s => source.Spectrograms[s.SoundIndex]).ToArray(), labels,
            Enumerable.Range(0, scenes.Count).Select(i => (i, i)).ToArray());
        return set.PairsView(context);
    }

    /// <summary>Scenes <c>[1, height, width]</c> and sounds <c>[bins, frames]</c> as <c>Image</c> and <c>Spectrogram</c> columns.</summary>
    public static IDataView Load(MLContext context, IReadOnlyList<float[]> images, int height, int width, IReadOnlyList<float[]> sounds, int bins, int frames)
    {
        var rows = images.Select((image, i) => new ToyAudioVisual.Row { Image = image, Spectrogram = sounds[i] });
        var schema = SchemaDefinition.Create(typeof(ToyAudioVisual.Row));
        schema[nameof(ToyAudioVisual.Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, height, width);
        schema[nameof(ToyAudioVisual.Row.Spectrogram)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, bins, frames);
        return context.Data.LoadFromEnumerable(rows, schema);
    }
}
