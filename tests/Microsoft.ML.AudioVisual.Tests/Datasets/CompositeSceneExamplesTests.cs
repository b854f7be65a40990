using Microsoft.ML.Data;
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

    [Fact]
    public void SceneViewsListEveryCellsClassWhenTheClassesOutnumberTheCells()
    {
        var source = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(40, 3));
        var scenes = CompositeScenes.Build(source, 2, 12, seed: 7);
        var examples = CompositeScenes.BuildExamples(source, 2, 12, seed: 7);
        Assert.Equal(scenes.Select(s => s.CellLabels), examples.ImageLabelSets!);
        var view = examples.PairsView(new MLContext(seed: 1));
        var column = view.Schema[AudioVisualExamples.VisibleGroupsColumnName];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Int32, 4), column.Type);
        Assert.Equal(scenes.Select(s => s.CellLabels), view.GetColumn<int[]>(column.Name));

        // Four classes in 2x2 scenes: every class is in every scene, none is absent, so none is listed.
        var four = AudioVisualExamples.FromSynthetic(SyntheticAudioVisual.Generate(40, 3, classes: 4));
        var crowded = CompositeScenes.BuildExamples(four, 2, 12, seed: 7);
        Assert.Null(crowded.ImageLabelSets);
        Assert.Null(crowded.PairsView(new MLContext(seed: 1)).Schema.GetColumnOrNull(AudioVisualExamples.VisibleGroupsColumnName));
    }
}
