using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Training;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Correspondence;

[Collection(TorchCollection.Name)]
public sealed class AvcEmbeddingTests
{
    private static AvcEmbeddingOptions Options(int epochs = 3) => new()
    {
        VisualColumnName = "Image",
        AudioColumnName = "Spectrogram",
        GroupColumnName = "Group",
        Epochs = epochs,
        BatchSize = 32,
        Seed = 11,
        Threads = 1,
        Tower = new Towers.TowerArchitecture { Widths = [8, 16] },
        EmbeddingDimension = 16,
        InferenceBatchSize = 50,
        // A few hundred steps at most: a cosine schedule (the default, tuned for 20 epochs of real data) decays too early for the toy.
        LearningRateSchedule = Microsoft.ML.AudioVisual.Training.LearningRateSchedule.Constant,
    };

    [Fact]
    public void LearnsCorrespondenceFarAboveChance()
    {
        var context = new MLContext(seed: 1);
        var train = ToyAudioVisual.Create(context, 400, seed: 7);
        var options = Options(epochs: 15);
        options.LearningRate = 3e-3;
        using var model = context.AudioVisual().AvcEmbedding(options).Fit(train);

        // Held-out pairs from fresh rows: half matching, half from another class.
        var test = ToyAudioVisual.Rows(200, 4, seed: 99);
        var visuals = test.Select(r => r.Image).ToList();
        var audio = test.Select((r, i) => i % 2 == 0 ? r.Spectrogram : test[(i + 1) % test.Count].Spectrogram).ToList();
        var scores = model.ScoreCorrespondence(visuals, audio);
        // Scoring embeddings (the head alone) gives the same probabilities as scoring the raw inputs.
        var fromEmbeddings = model.ScoreEmbeddings(model.EmbedVisual(visuals), model.EmbedAudio(audio));
        for (int i = 0; i < scores.Length; i++) Assert.Equal(scores[i], fromEmbeddings[i], 5);
        double accuracy = scores.Select((s, i) => (s > 0.5) == (i % 2 == 0) ? 1.0 : 0.0).Average();
        Assert.True(accuracy >= 0.9, $"held-out correspondence accuracy {accuracy:P1} (chance 50 %)");
        Assert.True(model.TrainingSummary!.ValidationAccuracy >= 0.9, $"validation accuracy {model.TrainingSummary.ValidationAccuracy:P1}");

        // Cross-modal retrieval works: an audio embedding's nearest image embedding is of the same class.
        var audioEmbeddings = model.EmbedAudio(test.Select(r => r.Spectrogram).ToList());
        var imageEmbeddings = model.EmbedVisual(visuals);
        double hits = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int best = Enumerable.Range(0, test.Count).MinBy(j => Distance(audioEmbeddings[i], imageEmbeddings[j]));
            hits += test[best].Group == test[i].Group ? 1 : 0;
        }
        Assert.True(hits / test.Count >= 0.9, $"audio->image recall@1 {hits / test.Count:P1} (chance 25 %)");
    }

    [Fact]
    public void PassesTheEstimatorWorkout()
    {
        var context = new MLContext(seed: 1);
        var data = ToyAudioVisual.Create(context, 120);
        var wrong = context.Data.LoadFromEnumerable([new WrongRow { Image = "x", Spectrogram = 1f, Group = 1 }]);
        var options = Options(epochs: 1);
        var transformer = EstimatorWorkout.Run(context, context.AudioVisual().AvcEmbedding(options), data, wrong, "Image",
            "AudioEmbedding", "VisualEmbedding", "CorrespondenceScore");
        transformer.Dispose();
    }

    private sealed class WrongRow
    {
        public string Image { get; set; } = "";
        public float Spectrogram { get; set; }
        public int Group { get; set; }
    }

    [Fact]
    public void AudioOnlyDataGetsAudioEmbeddingsAlone()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().AvcEmbedding(Options(epochs: 1)).Fit(ToyAudioVisual.Create(context, 120));
        var audioOnly = context.Transforms.DropColumns("Image").Fit(ToyAudioVisual.Create(context, 30)).Transform(ToyAudioVisual.Create(context, 30));
        var output = model.Transform(audioOnly);
        Assert.NotNull(output.Schema.GetColumnOrNull("AudioEmbedding"));
        Assert.Null(output.Schema.GetColumnOrNull("VisualEmbedding"));
        Assert.Null(output.Schema.GetColumnOrNull("CorrespondenceScore"));
        var embeddings = EstimatorWorkout.ReadFloats(output, "AudioEmbedding");
        Assert.Equal(30, embeddings.Count);
        // Batched transform equals the direct batched API (up to the rounding of differently sized batches).
        var direct = model.EmbedAudio(ToyAudioVisual.Rows(30, 4, 7).Select(r => r.Spectrogram).ToList());
        EstimatorWorkout.AssertClose([.. direct], embeddings, "AudioEmbedding");
    }

    [Fact]
    public void SameSeedAndThreadsRepeatExactly()
    {
        var first = CleanTrainingRun.Of(() => Train(seed: 5));
        var second = CleanTrainingRun.Of(() => Train(seed: 5));
        var other = CleanTrainingRun.Of(() => Train(seed: 6));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        static (float[], int) Train(int seed)
        {
            var context = new MLContext(seed: 1);
            var options = Options(epochs: 2);
            options.Seed = seed;
            using var model = context.AudioVisual().AvcEmbedding(options).Fit(ToyAudioVisual.Create(context, 120));
            return (model.EmbedAudio([ToyAudioVisual.Rows(1, 4, 3)[0].Spectrogram])[0], model.TrainingSummary!.SkippedSteps);
        }
    }

    [Fact]
    public void LiveTensorCountStaysFlatAcrossEpochs()
    {
        var context = new MLContext(seed: 1);
        var liveAtEpochEnd = new List<long>();
        var options = Options(epochs: 4);
        options.Progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.IsEpochEnd) liveAtEpochEnd.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        DisposeScopeManager.Statistics.Reset();
        using (var model = context.AudioVisual().AvcEmbedding(options).Fit(ToyAudioVisual.Create(context, 160)))
        {
            Assert.Equal(4, liveAtEpochEnd.Count);
            Assert.True(liveAtEpochEnd[1] == liveAtEpochEnd[3], $"live tensors after epochs 2 and 4: {liveAtEpochEnd[1]} vs {liveAtEpochEnd[3]}");
            long beforeInference = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            model.EmbedAudio(ToyAudioVisual.Rows(100, 4, 1).Select(r => r.Spectrogram).ToList());
            EstimatorWorkout.ReadFloats(model.Transform(ToyAudioVisual.Create(context, 100)), "CorrespondenceScore");
            Assert.Equal(beforeInference, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    [Fact]
    public void CancellationStopsTraining()
    {
        var context = new MLContext(seed: 1);
        using var cancel = new CancellationTokenSource();
        var options = Options(epochs: 50);
        options.CancellationToken = cancel.Token;
        int steps = 0;
        options.Progress = new SynchronousProgress<TrainingProgress>(p => { if (++steps == 3) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => context.AudioVisual().AvcEmbedding(options).Fit(ToyAudioVisual.Create(context, 200)));
        Assert.Equal(3, steps);
    }

    [Fact]
    public void CheckpointResumeReplaysAnUninterruptedRun()
    {
        using var folder = new TempFolder();
        var probe = ToyAudioVisual.Rows(3, 4, 3).Select(r => r.Spectrogram).ToList();
        var context = new MLContext(seed: 1);
        var data = ToyAudioVisual.Create(context, 120);

        var straight = Options(epochs: 3);
        float[][] expected;
        using (var model = context.AudioVisual().AvcEmbedding(straight).Fit(data)) expected = model.EmbedAudio(probe);

        var messages = new List<string>();
        context.Log += (_, e) => messages.Add(e.RawMessage);
        // "Crash" after the first epoch's checkpoint: the same run, stopped.
        using var crash = new CancellationTokenSource();
        var first = Options(epochs: 3);
        first.CheckpointDirectory = folder.Path;
        first.CancellationToken = crash.Token;
        first.Progress = new SynchronousProgress<TrainingProgress>(p => { if (p.IsEpochEnd && p.Epoch == 1) crash.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => context.AudioVisual().AvcEmbedding(first).Fit(data));
        var resumed = Options(epochs: 3);
        resumed.CheckpointDirectory = folder.Path;
        using (var model = context.AudioVisual().AvcEmbedding(resumed).Fit(data))
        {
            Assert.Contains(messages, m => m.Contains("Resumed at epoch 1 of 3"));
            Assert.Equal(3 * (int)Math.Ceiling(108 / 32.0), model.TrainingSummary!.Steps); // all steps counted, those before the resume too
            var actual = model.EmbedAudio(probe);
            for (int i = 0; i < probe.Count; i++)
                for (int j = 0; j < actual[i].Length; j++) Assert.Equal(expected[i][j], actual[i][j], 5);
        }

        var different = Options(epochs: 3);
        different.CheckpointDirectory = folder.Path;
        different.LearningRate = 0.01;
        var error = Assert.Throws<InvalidOperationException>(() => context.AudioVisual().AvcEmbedding(different).Fit(data));
        Assert.Contains("other settings", error.Message);
    }

    [Fact]
    public void GpuRequestFollowsMlContextSettings()
    {
        if (torch.cuda.is_available()) return; // this check is about machines without CUDA
        var strict = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<InvalidOperationException>(() => strict.AudioVisual().AvcEmbedding(Options(1)).Fit(ToyAudioVisual.Create(strict, 60)));
        Assert.Contains("FallbackToCpu", error.Message);

        var lenient = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = new List<string>();
        lenient.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) warnings.Add(e.RawMessage); };
        using var model = lenient.AudioVisual().AvcEmbedding(Options(1)).Fit(ToyAudioVisual.Create(lenient, 60));
        Assert.Contains(warnings, w => w.Contains("falling back to the CPU"));
    }

    [Fact]
    public void NonFiniteInputsAreRejectedNamingTheColumn()
    {
        var context = new MLContext(seed: 1);
        var rows = ToyAudioVisual.Rows(40, 4, 1);
        rows[17].Spectrogram[5] = float.NaN;
        var error = Assert.Throws<InvalidDataException>(() => context.AudioVisual().AvcEmbedding(Options(1)).Fit(ToyAudioVisual.Load(context, rows)));
        Assert.Contains("Spectrogram", error.Message);
        Assert.Contains("row 17", error.Message);
    }

    [Fact]
    public void TruncatedOrForeignModelFilesAreClearErrors()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        var path = folder.File("model.zip");
        using (var model = context.AudioVisual().AvcEmbedding(Options(1)).Fit(ToyAudioVisual.Create(context, 60))) model.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(folder.File("cut.zip"), bytes[..(bytes.Length / 2)]);
        var cut = Assert.Throws<InvalidDataException>(() => context.AudioVisual().LoadTransformer(folder.File("cut.zip")));
        Assert.Contains("cut.zip", cut.Message);
        File.WriteAllText(folder.File("foreign.zip"), "PK but not really");
        Assert.Throws<InvalidDataException>(() => context.AudioVisual().LoadTransformer(folder.File("foreign.zip")));
        using var loaded = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(path);
        Assert.Equal(16, loaded.EmbeddingDimension);
    }

    private static double Distance(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();
}
