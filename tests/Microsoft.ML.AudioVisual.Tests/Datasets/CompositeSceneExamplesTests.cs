using Microsoft.ML.AudioVisual.Datasets;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Datasets;

public sealed class CompositeSceneExamplesTests
{
    [Fact]
    public void SceneExamplesPairEachSceneWithItsTargetsSoundAndLabel()
    {
        var source = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(40, 3));
        var scenes = CompositeScenes.Build(source, 2, 12, seed: 7);
        var examples = CompositeScenes.BuildExamples(source, 2, 12, seed: 7);

        Assert.Equal([source.ImageShape[0], 2 * source.ImageShape[1], 2 * source.ImageShape[2]], examples.ImageShape);
        Assert.Equal(source.SpectrogramShape, examples.SpectrogramShape);
        Assert.Same(source.FrontEnd, examples.FrontEnd);
        Assert.Equal(scenes.Select(s => s.TargetLabel), examples.ImageLabels);
        Assert.Equal(examples.ImageLabels, examples.AudioLabels);
        for (int i = 0; i < scenes.Count; i++)
        {
            Assert.Equal(scenes[i].Image, examples.Images[i]);
            Assert.Equal(source.Spectrograms[scenes[i].SoundIndex], examples.Spectrograms[i]);
            Assert.Equal((i, i), examples.Pairs[i]);
        }
    }
}
