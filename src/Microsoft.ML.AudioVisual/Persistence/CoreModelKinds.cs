using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Motion;
using Microsoft.ML.AudioVisual.Spectral;

[assembly: Microsoft.ML.AudioVisual.Persistence.ModelKindProvider(typeof(Microsoft.ML.AudioVisual.Persistence.CoreModelKinds))]

namespace Microsoft.ML.AudioVisual.Persistence;

/// <summary>The model kinds of the core assembly.</summary>
internal sealed class CoreModelKinds : IModelKindProvider
{
    public IEnumerable<KeyValuePair<string, ModelLoader>> Kinds =>
    [
        new(VideoFrameLoaderTransformer.ModelKindName, VideoFrameLoaderTransformer.LoadFrom),
        new(LogMelSpectrogramTransformer.ModelKindName, LogMelSpectrogramTransformer.LoadFrom),
        new(MotionTrajectoriesTransformer.ModelKindName, MotionTrajectoriesTransformer.LoadFrom),
        new(PipelineArchive.KindName, PipelineArchive.Load),
    ];
}
