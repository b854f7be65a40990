using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Media;
using Microsoft.ML.AudioVisual.Persistence;
using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Pipelines;

/// <summary>
/// A user's pipeline, end to end through ML.NET's own machinery: LoadVideoFrames -> LogMelSpectrogram ->
/// AvcEmbedding -> Concatenate -> NormalizeMeanVariance -> SdcaMaximumEntropy on generated clips, fitted once.
/// </summary>
public sealed class MixedPipelineFixture : IDisposable
{
    public MixedPipelineFixture()
    {
        Context = new MLContext(seed: 1);
        Context.Log += (_, e) => { lock (Messages) Messages.Add(e.Message); };
        Rows = ToyVideos.Make(Folder, classes: 2, perClass: 4);
        Data = Context.Data.LoadFromEnumerable(Rows.Select(r => new PathRow { Path = r.Path, Class = $"c{r.Label}" }));
        var frontEnd = SpectrogramOptions.TorchAudio(16000);
        frontEnd.HopLength = 160;
        frontEnd.MelBins = 32;
        frontEnd.Log = LogCompression.Decibels;
        frontEnd.DecibelTopDb = 80;
        var av = Context.AudioVisual();
        var pipeline = av.LoadVideoFrames(new VideoFrameLoaderOptions { FrameCount = 1, Width = 16, Height = 16, SampleRate = 16000, AudioDuration = 1.0 })
            .Append(av.LogMelSpectrogram(options: frontEnd))
            .Append(av.AvcEmbedding(new AvcEmbeddingOptions
            {
                Epochs = 3, BatchSize = 8, Seed = 1, Threads = 1, ValidationFraction = 0, InferenceBatchSize = 4,
                Tower = new Towers.TowerArchitecture { Widths = [8, 16] }, EmbeddingDimension = 16,
            }))
            .Append(Context.Transforms.Concatenate("Features", "AudioEmbedding", "VisualEmbedding"))
            .Append(Context.Transforms.NormalizeMeanVariance("Features"))
            .Append(Context.Transforms.Conversion.MapValueToKey("Label", "Class"))
            .AppendCacheCheckpoint(Context)
            .Append(Context.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20));
        Model = pipeline.Fit(Data);
    }

    public sealed class PathRow
    {
        public string Path { get; set; } = "";
        public string Class { get; set; } = "";
    }

    public sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
        public float[] AudioEmbedding { get; set; } = [];
    }

    public TempFolder Folder { get; } = new();

    public MLContext Context { get; }

    public List<string> Messages { get; } = [];

    public List<ToyVideos.Row> Rows { get; }

    public IDataView Data { get; }

    public ITransformer Model { get; }

    public void Dispose()
    {
        (Model as IDisposable)?.Dispose();
        Folder.Dispose();
    }
}

[Collection(TorchCollection.Name)]
public sealed class MlNetContractTests(MixedPipelineFixture fixture) : IClassFixture<MixedPipelineFixture>
{
    [Fact]
    public void PredictionEngineComputesWhatTransformComputes()
    {
        var expected = fixture.Context.Data.CreateEnumerable<MixedPipelineFixture.Prediction>(fixture.Model.Transform(fixture.Data), reuseRowObject: false).ToList();
        var engine = fixture.Context.Model.CreatePredictionEngine<MixedPipelineFixture.PathRow, MixedPipelineFixture.Prediction>(fixture.Model);
        var rows = fixture.Context.Data.CreateEnumerable<MixedPipelineFixture.PathRow>(fixture.Data, reuseRowObject: false).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            var predicted = engine.Predict(rows[i]);
            Assert.Equal(expected[i].PredictedLabel, predicted.PredictedLabel);
            EstimatorWorkout.AssertClose([expected[i].Score], [predicted.Score], "Score");
            EstimatorWorkout.AssertClose([expected[i].AudioEmbedding], [predicted.AudioEmbedding], "AudioEmbedding");
        }
        // Different clips give different embeddings: the engine decodes every input.
        Assert.True(expected.Select(p => p.AudioEmbedding[0]).Distinct().Count() > 1);
    }

    [Fact]
    public void PredictionEngineRejectsBadMediaLikeTransform()
    {
        var engine = fixture.Context.Model.CreatePredictionEngine<MixedPipelineFixture.PathRow, MixedPipelineFixture.Prediction>(fixture.Model);
        var missing = fixture.Folder.File("missing.mp4");
        var error = Assert.Throws<MediaLoadException>(() => engine.Predict(new MixedPipelineFixture.PathRow { Path = missing }));
        Assert.Contains(missing, error.Message);

        var text = fixture.Folder.File("notes.mp4");
        File.WriteAllText(text, "not a video at all");
        error = Assert.Throws<MediaLoadException>(() => engine.Predict(new MixedPipelineFixture.PathRow { Path = text }));
        Assert.Contains(text, error.Message);

        // The engine still works after a failure.
        Assert.NotEmpty(engine.Predict(new MixedPipelineFixture.PathRow { Path = fixture.Rows[0].Path }).Score);
    }

    [Fact]
    public void EachRowIsDecodedOncePerCursorWhateverColumnsAreRead()
    {
        var output = fixture.Model.Transform(fixture.Data);
        int Decodes(params string[] columns)
        {
            int count = 0;
            using (DecodeObserver.Observe((_, _) => Interlocked.Increment(ref count)))
            using (var cursor = output.GetRowCursor(columns.Select(c => output.Schema[c])))
            {
                var getters = columns.Select(c => MakeReader(cursor, output.Schema[c])).ToArray();
                while (cursor.MoveNext())
                    foreach (var read in getters) read();
            }
            return count;
        }
        int rows = fixture.Rows.Count;
        Assert.Equal(rows, Decodes("AudioEmbedding"));   // only the audio is decoded, once per row
        Assert.Equal(rows, Decodes("AudioEmbedding", "Audio", "Spectrogram"));
        Assert.Equal(2 * rows, Decodes("AudioEmbedding", "VisualEmbedding")); // one video and one audio decode per row
        Assert.Equal(2 * rows, Decodes("AudioEmbedding", "VisualEmbedding", "Frames", "Spectrogram", "Audio", "Score"));
    }

    [Fact]
    public void PreviewComputesOnlyTheRowsItShows()
    {
        var ours = PipelineArchive.Flatten(fixture.Model).TakeWhile(t => t is AudioVisualTransformerBase).ToArray();
        var output = new TransformerChain<ITransformer>(ours).Transform(fixture.Data);
        int count = 0;
        using (DecodeObserver.Observe((_, _) => Interlocked.Increment(ref count)))
            Assert.Equal(3, output.Preview(maxRows: 3).RowView.Length);
        Assert.InRange(count, 6, 2 * 4); // 3 rows (batches grow 1, 2, ...), perhaps one read ahead; not all 8
    }

    [Fact]
    public void MixedPipelineSavesAndLoadsAsOneFileWithIdenticalPredictions()
    {
        var path = fixture.Folder.File("pipeline.zip");
        fixture.Context.AudioVisual().SaveModel(fixture.Model, fixture.Data.Schema, path);
        var loaded = fixture.Context.AudioVisual().LoadModel(path, out var schema);
        try
        {
            Assert.Equal(fixture.Data.Schema.Select(c => c.Name), schema!.Select(c => c.Name));
            var before = fixture.Context.Data.CreateEnumerable<MixedPipelineFixture.Prediction>(fixture.Model.Transform(fixture.Data), false).ToList();
            var after = fixture.Context.Data.CreateEnumerable<MixedPipelineFixture.Prediction>(loaded.Transform(fixture.Data), false).ToList();
            Assert.Equal(before.Select(p => p.PredictedLabel), after.Select(p => p.PredictedLabel));
            Assert.Equal(before.Select(p => p.Score), after.Select(p => p.Score));
            var engine = fixture.Context.Model.CreatePredictionEngine<MixedPipelineFixture.PathRow, MixedPipelineFixture.Prediction>(loaded);
            Assert.Equal(before[0].Score, engine.Predict(new MixedPipelineFixture.PathRow { Path = fixture.Rows[0].Path }).Score);
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void MlNetsOwnSaveExplainsTheAlternative()
    {
        var path = fixture.Folder.File("mlnet.zip");
        var error = Assert.ThrowsAny<Exception>(() => fixture.Context.Model.Save(fixture.Model, fixture.Data.Schema, path));
        var notSupported = error as NotSupportedException ?? error.InnerException as NotSupportedException;
        Assert.NotNull(notSupported);
        Assert.Contains("mlContext.AudioVisual().SaveModel", notSupported.Message);
        Assert.False(File.Exists(path), "Model.Save left its incomplete file behind");
        Assert.Contains("was deleted", notSupported.Message);
    }

    [Fact]
    public void ASecondPassOverTheDecodedMediaLogsACachingHint()
    {
        static bool IsHint(string m) => m.Contains("read a second time") && m.Contains("AppendCacheCheckpoint");
        int Hints() { lock (fixture.Messages) return fixture.Messages.Count(IsHint); }
        var output = fixture.Model.Transform(fixture.Data);
        int before = Hints();
        EstimatorWorkout.ReadFloats(output, "AudioEmbedding");
        Assert.Equal(before, Hints());
        EstimatorWorkout.ReadFloats(output, "AudioEmbedding");
        Assert.Equal(before + 1, Hints());
        EstimatorWorkout.ReadFloats(output, "AudioEmbedding");
        Assert.Equal(before + 1, Hints()); // said once per view
    }

    [Fact]
    public void DefaultsChainAndTheModelRecordsItsFrontEnd()
    {
        var context = new MLContext(seed: 2);
        var data = context.Data.LoadFromEnumerable(fixture.Rows.Take(4).Select(r => new MixedPipelineFixture.PathRow { Path = r.Path }));
        var av = context.AudioVisual();
        var options = new AvcEmbeddingOptions { Epochs = 1, Threads = 1, ValidationFraction = 0 };
        var model = av.LoadVideoFrames().Append(av.LogMelSpectrogram()).Append(av.AvcEmbedding(options)).Fit(data);
        using var avc = model.LastTransformer;
        Assert.Equal(4, EstimatorWorkout.ReadFloats(model.Transform(data), "AudioEmbedding").Count);
        var recorded = avc.AudioFrontEnd?.Options;
        Assert.NotNull(recorded);
        Assert.Equal(SpectrogramOptions.TorchAudio(16000).MelBins, recorded.MelBins);
        Assert.Equal(1.0, avc.AudioFrontEnd!.ClipSeconds);
    }

    private static Action MakeReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            return () => getter(ref value);
        }
        var scalar = row.GetGetter<float>(column);
        float v = 0;
        return () => scalar(ref v);
    }
}
