using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Separation;
using Microsoft.ML.AudioVisual.Synchronization;

[assembly: ModelKindProvider(typeof(Microsoft.ML.AudioVisual.TorchModelKinds))]

namespace Microsoft.ML.AudioVisual;

/// <summary>The model kinds of the TorchSharp assembly.</summary>
internal sealed class TorchModelKinds : IModelKindProvider
{
    public IEnumerable<KeyValuePair<string, ModelLoader>> Kinds =>
    [
        new(AvcEmbeddingTransformer.ModelKindName, AvcEmbeddingTransformer.LoadFrom),
        new(SoundLocalizerTransformer.ModelKindName, SoundLocalizerTransformer.LoadFrom),
        new(AudioVisualSyncTransformer.ModelKindName, AudioVisualSyncTransformer.LoadFrom),
        new(MixAndSeparateTransformer.ModelKindName, MixAndSeparateTransformer.LoadFrom),
        new(SoundOfMotionsTransformer.ModelKindName, SoundOfMotionsTransformer.LoadFrom),
    ];
}
