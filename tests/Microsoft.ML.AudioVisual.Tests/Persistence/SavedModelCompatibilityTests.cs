using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.IO;
using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Persistence;

/// <summary>
/// Models saved by earlier versions of the library keep loading and computing the same values: the files in
/// Fixtures/models-v1 were written by the first release's code (manifest with a CLR "type"), with the
/// embeddings that model gave for fixed inputs.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SavedModelCompatibilityTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "models-v1", name);

    [Fact]
    public void AvcEmbeddingOfVersion1GivesTheSameEmbeddings()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(Fixture("avc-embedding-v1.zip"));
        var rows = ToyAudioVisual.Rows(5, 4, seed: 99);
        var audio = model.EmbedAudio(rows.Select(r => r.Spectrogram).ToList());
        var visual = model.EmbedVisual(rows.Select(r => r.Image).ToList());
        EstimatorWorkout.AssertClose(Rows(NpyFile.Read(Fixture("avc-embedding-v1.audio.npy"))), [.. audio], "audio embedding");
        EstimatorWorkout.AssertClose(Rows(NpyFile.Read(Fixture("avc-embedding-v1.visual.npy"))), [.. visual], "visual embedding");
    }

    [Fact]
    public void SoundLocalizerAndLogMelOfVersion1Load()
    {
        var context = new MLContext(seed: 1);
        using (var localizer = (IDisposable)context.AudioVisual().LoadTransformer(Fixture("sound-localizer-v1.zip")))
            Assert.Equal("SoundLocalizerTransformer", localizer.GetType().Name);
        var logMel = context.AudioVisual().LoadTransformer<LogMelSpectrogramTransformer>(Fixture("logmel-v1.zip"));
        Assert.Equal(128, logMel.FrequencyBins);
    }

    private static List<float[]> Rows(NpyArray array)
    {
        var values = array.ToSingles();
        int width = array.Shape[1];
        return Enumerable.Range(0, array.Shape[0]).Select(r => values.AsSpan(r * width, width).ToArray()).ToList();
    }
}
