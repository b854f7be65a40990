using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Synchronization;
using Microsoft.ML.AudioVisual.Towers;
using Microsoft.ML.AudioVisual.Training;
using Microsoft.ML.Data;
using TorchSharp;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Synchronization;

[Collection(TorchCollection.Name)]
public sealed class AudioVisualSyncTests : IDisposable
{
    private readonly int _threads = torch.get_num_threads();

    // Inference runs on one libtorch thread too, as training does (Options.Threads = 1): with two threads, libtorch 2.10 on
    // this project's 2-core machines sporadically returned NaN from the convolutions' backward pass, which made these tests flaky.
    public AudioVisualSyncTests() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_threads);

    internal static AudioVisualSyncOptions Options(int epochs = 2) => new()
    {
        GroupColumnName = SyncVideoData.VideoIdColumnName,
        ClipFrames = 4,
        ClipsPerRow = 8,
        HardNegativeMinOffset = 0.08,
        HardNegativeMaxOffset = 0.4,
        MaxOffset = 0.4,
        Epochs = epochs,
        BatchSize = 32,
        LearningRate = 3e-3,
        Seed = 11,
        Threads = 1,
        VideoTower = new MixedConvolutionArchitecture { Widths = [4, 8], SpatioTemporalBlocks = 1 },
        AudioTower = new TowerArchitecture { Widths = [4, 8], TimePoolingSteps = 0, PoolAfterLastBlock = false },
        EmbeddingDimension = 16,
        HiddenDimension = 16,
        InferenceBatchSize = 50,
    };

    [Fact]
    public void LearnsSynchronisationFarAboveChanceAndRecoversKnownShifts()
    {
        var context = new MLContext(seed: 1);
        var options = Options(epochs: 12);
        using var model = context.AudioVisual().AudioVisualSync(options).Fit(ToySyncVideos.View(context, 150, 40, seed: 7));

        // Fresh videos: clips in sync against the same clips with the audio shifted by 2 to 10 frames, and known shifts of up to 10 frames.
        var report = SyncEvaluator.Evaluate(model, ToySyncVideos.Make(60, 60, seed: 99), new SyncEvaluationOptions { HardMinShift = 0.08, ShiftsPerVideo = 2, Seed = 3 });
        Assert.True(report.SyncAccuracyHard >= 0.85, $"hard sync accuracy {report.SyncAccuracyHard:P1} (chance 50 %)");
        Assert.True(report.SyncAccuracyEasy >= 0.85, $"easy sync accuracy {report.SyncAccuracyEasy:P1} (chance 50 %)");
        Assert.True(report.OffsetWithinOneFrame >= 0.9, $"offsets within one frame {report.OffsetWithinOneFrame:P1} (chance {3.0 / 21:P0})");
        Assert.Equal(120, report.Trials.Count);
        Assert.True(model.TrainingSummary!.Validation![SyncMetricNames.AccuracyHard] >= 0.8, $"validation {TrainingProgress.Describe(model.TrainingSummary.Validation)}");
    }

    [Fact]
    public void OffsetSearchFindsTheShiftOfEmbeddings()
    {
        // Audio clip j carries the embedding of visual clip j - 3 (the sound is 3 frames late); the audio starts 5 frames early.
        const int dim = 6, visualCount = 20, delay = 3, audioStart = -5;
        var random = new Random(4);
        var visual = new float[visualCount * dim];
        for (int i = 0; i < visual.Length; i++) visual[i] = (float)random.NextDouble();
        int audioCount = visualCount + 10;
        var audio = new float[audioCount * dim];
        for (int j = 0; j < audioCount; j++)
        {
            int source = j + audioStart - delay; // the frame whose sound audio clip j holds
            for (int d = 0; d < dim; d++) audio[j * dim + d] = source >= 0 && source < visualCount ? visual[source * dim + d] : (float)random.NextDouble();
        }
        var estimate = SyncOffsetSearch.Search(visual, visualCount, audio, audioCount, audioStart, dim, maxOffset: 5, framesPerSecond: 25, margin: 0.99);
        Assert.Equal(delay, estimate.OffsetFrames);
        Assert.Equal(delay / 25.0, estimate.OffsetSeconds, 12);
        Assert.Equal(0f, estimate.Curve[5 + delay], 4);
        Assert.Equal(11, estimate.Curve.Count);
        Assert.Equal(-0.2, estimate.OffsetsSeconds[0], 12);
        Assert.True(estimate.Confidence > 0.5);
    }

    [Fact]
    public void PassesTheEstimatorWorkout()
    {
        var context = new MLContext(seed: 1);
        var data = ToySyncVideos.View(context, 24, 30, seed: 2);
        var wrong = context.Data.LoadFromEnumerable([new WrongRow { Frames = "x", Spectrogram = 1f, VideoId = 1 }]);
        var transformer = EstimatorWorkout.Run(context, context.AudioVisual().AudioVisualSync(Options(epochs: 1)), data, wrong, "Frames",
            "SyncScore", "SyncOffset", "SyncConfidence", "SyncCurve");
        transformer.Dispose();
    }

    private sealed class WrongRow
    {
        public string Frames { get; set; } = "";
        public float Spectrogram { get; set; }
        public int VideoId { get; set; }
    }

    [Fact]
    public void ClipRowsGetEmbeddingsAndScoresVideoRowsGetOffsets()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().AudioVisualSync(Options(epochs: 1)).Fit(ToySyncVideos.View(context, 24, 30, seed: 2));
        var videos = ToySyncVideos.Make(5, 30, seed: 5);

        // Rows of one clip: embeddings and a score, equal to the direct API's.
        var clips = videos.Select(v => v.Window(6, 4)).ToArray();
        var clipView = SyncVideoData.Load(context, clips, ToySyncVideos.FrontEnd());
        var output = model.Transform(clipView);
        Assert.Null(output.Schema.GetColumnOrNull("SyncOffset"));
        var scores = EstimatorWorkout.ReadFloats(output, "SyncScore").Select(s => s[0]).ToArray();
        var spectrograms = clips.Select(c => ClipSpectrogram(model, c)).ToList();
        var direct = model.ScoreClips(clips.Select(c => c.Frames).ToList(), spectrograms);
        for (int i = 0; i < scores.Length; i++) Assert.Equal(direct[i], scores[i], 5);
        var embeddings = EstimatorWorkout.ReadFloats(output, "VisualEmbedding");
        EstimatorWorkout.AssertClose([.. model.EmbedVisualClips(clips.Select(c => c.Frames).ToList())], embeddings, "VisualEmbedding");

        // Rows of whole videos: the offset scan, equal to EstimateOffset on the video.
        var videoOutput = model.Transform(SyncVideoData.Load(context, videos, ToySyncVideos.FrontEnd()));
        var offsets = EstimatorWorkout.ReadFloats(videoOutput, "SyncOffset");
        var curves = EstimatorWorkout.ReadFloats(videoOutput, "SyncCurve");
        for (int i = 0; i < videos.Count; i++)
        {
            var estimate = model.EstimateOffset(videos[i]);
            Assert.Equal((float)estimate.OffsetSeconds, offsets[i][0]);
            Assert.Equal(estimate.Curve, curves[i]);
            Assert.Equal(2 * 10 + 1, curves[i].Length);
        }
    }

    private static float[] ClipSpectrogram(AudioVisualSyncTransformer model, SyncVideo clip)
    {
        var full = model.Spectrogram(clip);
        int columns = full.Length / model.Shapes.AudioBins;
        var cut = new float[model.Shapes.AudioClipSize];
        model.Shapes.CopyAudioClip(full, columns, 0, cut);
        return cut;
    }

    [Fact]
    public void ContrastiveLossIsTheMarginLossOnTheEmbeddingDistance()
    {
        // Distances on both sides of the margin, for both labels: y d^2 + (1 - y) max(margin - d, 0)^2, averaged.
        double[] d = [0.1, 0.5, 1.2, 0.98, 0.0, 1.9];
        float[] y = [1, 0, 0, 1, 0, 1];
        const double margin = 0.99;
        double expected = d.Select((v, i) => y[i] * v * v + (1 - y[i]) * Math.Pow(Math.Max(margin - v, 0), 2)).Average();
        using var distances = torch.tensor(d.Select(v => (float)v).ToArray());
        using var labels = torch.tensor(y);
        using var loss = AvtsNet.ContrastiveLoss(distances, labels, margin);
        Assert.Equal(expected, loss.item<float>(), 5);

        // The distance is the Euclidean distance of paired rows.
        float[] a = [1, 0, 0, 0.6f, 0.8f, 0], b = [0, 1, 0, 0.6f, 0.8f, 0];
        using var left = torch.tensor(a, [2, 3]);
        using var right = torch.tensor(b, [2, 3]);
        using var distance = AvtsNet.Distance(left, right);
        Assert.Equal(Math.Sqrt(2), distance[0].item<float>(), 5);
        Assert.Equal(0, distance[1].item<float>(), 5);
    }

    private const int EngineClipFrames = 4, EngineVideoFrames = 30, EngineBins = 8;
    // A centred STFT with hop 32 gives samples / 32 + 1 columns: 4 frames of 64 samples make 9, 30 frames 61.
    private const int EngineClipColumns = 9, EngineVideoColumns = 61;

    private sealed class ClipRow
    {
        [VectorType(EngineClipFrames, 1, ToySyncVideos.Side, ToySyncVideos.Side)] public float[] Frames { get; set; } = [];
        [VectorType(EngineBins, EngineClipColumns)] public float[] Spectrogram { get; set; } = [];
    }

    private sealed class ClipPrediction
    {
        [VectorType(16)] public float[] VisualEmbedding { get; set; } = [];
        public float SyncScore { get; set; }
    }

    private sealed class VideoRow
    {
        [VectorType(EngineVideoFrames, 1, ToySyncVideos.Side, ToySyncVideos.Side)] public float[] Frames { get; set; } = [];
        [VectorType(EngineBins, EngineVideoColumns)] public float[] Spectrogram { get; set; } = [];
    }

    private sealed class VideoPrediction
    {
        public float SyncOffset { get; set; }
        public float SyncConfidence { get; set; }
    }

    [Fact]
    public void PredictionEnginesGiveWhatTheBatchedPathGives()
    {
        var context = new MLContext(seed: 1);
        using var model = context.AudioVisual().AudioVisualSync(Options(epochs: 1)).Fit(ToySyncVideos.View(context, 24, EngineVideoFrames, seed: 2));
        var videos = ToySyncVideos.Make(4, EngineVideoFrames, seed: 6);

        var clips = videos.Select(v => v.Window(5, EngineClipFrames)).ToArray();
        var clipRows = clips.Select(c => new ClipRow { Frames = c.Frames, Spectrogram = model.Spectrogram(c) }).ToArray();
        Assert.All(clipRows, r => Assert.Equal(EngineBins * EngineClipColumns, r.Spectrogram.Length));
        var clipEngine = context.Model.CreatePredictionEngine<ClipRow, ClipPrediction>(model);
        var spectrograms = clips.Select(c => ClipSpectrogram(model, c)).ToList();
        var scores = model.ScoreClips(clips.Select(c => c.Frames).ToList(), spectrograms);
        var embeddings = model.EmbedVisualClips(clips.Select(c => c.Frames).ToList());
        for (int i = 0; i < clipRows.Length; i++)
        {
            var prediction = clipEngine.Predict(clipRows[i]);
            Assert.Equal(scores[i], prediction.SyncScore, 5);
            EstimatorWorkout.AssertClose([embeddings[i]], [prediction.VisualEmbedding], "VisualEmbedding");
        }

        var videoEngine = context.Model.CreatePredictionEngine<VideoRow, VideoPrediction>(model);
        foreach (var video in videos)
        {
            var prediction = videoEngine.Predict(new VideoRow { Frames = video.Frames, Spectrogram = model.Spectrogram(video) });
            var estimate = model.EstimateOffset(video);
            Assert.Equal((float)estimate.OffsetSeconds, prediction.SyncOffset);
            Assert.Equal((float)estimate.Confidence, prediction.SyncConfidence, 5);
        }
    }

    /// <summary>
    /// Same seed and threads, same weights, bit for bit; another seed, other weights. Each run trains in a fresh `avl`
    /// process: late in a long test process libtorch's 3D convolutions have returned non-finite gradients on several
    /// steps of every run (the loop skips them and reports <see cref="TrainingSummary.SkippedSteps"/>), which makes any
    /// two runs differ for reasons that have nothing to do with seeding.
    /// </summary>
    [Fact]
    public void SameSeedAndThreadsRepeatExactly()
    {
        using var folder = new TempFolder();
        var first = CleanTrainingRun.Of(() => TrainInFreshProcess(folder, seed: 5, "a"));
        Assert.Equal(first, CleanTrainingRun.Of(() => TrainInFreshProcess(folder, seed: 5, "b")));
        Assert.NotEqual(first, CleanTrainingRun.Of(() => TrainInFreshProcess(folder, seed: 6, "c")));
    }

    /// <summary>The weights' hash and the skipped steps of a small `avl train sync --kind impacts` run.</summary>
    private static (string Weights, int SkippedSteps) TrainInFreshProcess(TempFolder folder, int seed, string name)
    {
        string model = folder.File($"{name}.zip");
        string avl = Path.Combine(AppContext.BaseDirectory, "avl.dll");
        var (exit, output, error) = ChildProcess.RunSeparately(DotnetCli.Path ?? throw new InvalidOperationException("dotnet was not found."), folder.Path,
            TimeSpan.FromMinutes(3), [avl, "train", "sync", "--kind", "impacts", "--video-count", "24", "--epochs", "1", "--threads", "1",
                "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet", "--out", model]);
        Assert.True(exit == 0, error + output);
        using var zip = System.IO.Compression.ZipFile.OpenRead(model);
        using var weights = new MemoryStream();
        using (var stream = zip.GetEntry("weights.bin")!.Open()) stream.CopyTo(weights);
        using var manifest = new StreamReader(zip.GetEntry(AudioVisual.Persistence.ModelArchive.ManifestEntry)!.Open());
        var training = System.Text.Json.Nodes.JsonNode.Parse(manifest.ReadToEnd())!["training"]!.AsObject();
        var skipped = training.FirstOrDefault(p => string.Equals(p.Key, nameof(TrainingSummary.SkippedSteps), StringComparison.OrdinalIgnoreCase)).Value;
        return (Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(weights.ToArray())), skipped?.GetValue<int>() ?? 0);
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
        var data = ToySyncVideos.View(context, 30, 30, seed: 2);
        using var model = context.AudioVisual().AudioVisualSync(options).Fit(data);
        Assert.Equal(4, liveAtEpochEnd.Count);
        Assert.True(liveAtEpochEnd[1] == liveAtEpochEnd[3], $"live tensors after epochs 2 and 4: {liveAtEpochEnd[1]} vs {liveAtEpochEnd[3]}");
        long beforeInference = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.EstimateOffset(ToySyncVideos.Make(1, 30, seed: 8)[0]);
        EstimatorWorkout.ReadFloats(model.Transform(data), "SyncCurve");
        Assert.Equal(beforeInference, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void SavedModelsEstimateTheSameOffsets()
    {
        using var folder = new TempFolder();
        var context = new MLContext(seed: 1);
        var video = ToySyncVideos.Make(1, 30, seed: 3)[0];
        using var model = context.AudioVisual().AudioVisualSync(Options(epochs: 1)).Fit(ToySyncVideos.View(context, 24, 30, seed: 2));
        model.Save(folder.File("sync.zip"));
        using var loaded = context.AudioVisual().LoadTransformer<AudioVisualSyncTransformer>(folder.File("sync.zip"));
        SyncOffsetEstimate before = model.EstimateOffset(video), after = loaded.EstimateOffset(video);
        Assert.Equal(before.OffsetFrames, after.OffsetFrames);
        Assert.Equal(before.Confidence, after.Confidence);
        Assert.Equal(before.Curve, after.Curve);
        Assert.Equal(model.Shapes, loaded.Shapes);
        Assert.Equal(model.AudioFrontEnd!.Options.HopLength, loaded.AudioFrontEnd!.Options.HopLength);
        Assert.Equal(model.Options.Curriculum.Stages, loaded.Options.Curriculum.Stages);
    }

    [Fact]
    public void CurriculumSwitchesToHardNegativesOnSchedule()
    {
        var schedule = SyncCurriculum.Default;
        Assert.Equal([0, 0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], Enumerable.Range(0, 8).Select(e => schedule.HardNegativeFractionAt(e, 8)));
        Assert.Equal([0, 0.25, 0.25, 0.25], Enumerable.Range(0, 4).Select(e => schedule.HardNegativeFractionAt(e, 4)));
        Assert.All(Enumerable.Range(0, 5), e => Assert.Equal(0.25, SyncCurriculum.Constant().HardNegativeFractionAt(e, 5)));
        var custom = new SyncCurriculum { Stages = [new(0, 0), new(0.5, 0.5), new(0.75, 1)] };
        Assert.Equal([0, 0, 0.5, 1], Enumerable.Range(0, 4).Select(e => custom.HardNegativeFractionAt(e, 4)));

        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncCurriculum { Stages = [new(0.1, 0)] }.Validate("Curriculum"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncCurriculum { Stages = [new(0, 0), new(0.5, 1.5)] }.Validate("Curriculum"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncCurriculum { Stages = [new(0, 0), new(0.5, 0.2), new(0.4, 0.3)] }.Validate("Curriculum"));

        // Training follows it: the switch is logged at the epoch the schedule says.
        var context = new MLContext(seed: 1);
        var messages = new List<string>();
        context.Log += (_, e) => messages.Add(e.RawMessage);
        var options = Options(epochs: 4);
        using var model = context.AudioVisual().AudioVisualSync(options).Fit(ToySyncVideos.View(context, 20, 30, seed: 2));
        Assert.Contains(messages, m => m.StartsWith("Epoch 2: 25", StringComparison.Ordinal) && m.Contains("now hard"));
        Assert.DoesNotContain(messages, m => m.StartsWith("Epoch 3: ", StringComparison.Ordinal) && m.Contains("now hard"));
    }

    [Fact]
    public void SamplerDrawsFrameAlignedNegativesOfTheAskedKinds()
    {
        var shapes = new SyncInputShapes(1, 8, 8, 8, ClipFrames: 4, ColumnsPerFrame: 2, FramesPerSecond: 25);
        int[] rows = [0, 1, 2, 3], groups = [0, 0, 1, 2];
        var sampler = new SyncClipSampler(rows, groups, shapes, rowFrames: 30, rowColumns: 61, minOffset: 3, maxOffset: 6);
        var random = new Random(1);
        var easyOnly = Enumerable.Range(0, 2000).Select(i => sampler.Sample(i % 4, random, 1.0, 0.0)).ToArray();
        Assert.All(easyOnly, c => Assert.Equal(SyncClipKind.EasyNegative, c.Kind));
        Assert.All(easyOnly, c => Assert.NotEqual(groups[c.VisualRow], groups[c.AudioRow]));
        var hardOnly = Enumerable.Range(0, 2000).Select(i => sampler.Sample(i % 4, random, 1.0, 1.0)).ToArray();
        Assert.All(hardOnly, c => Assert.Equal(SyncClipKind.HardNegative, c.Kind));
        Assert.All(hardOnly, c => Assert.Equal(c.VisualRow, c.AudioRow));
        Assert.All(hardOnly, c => Assert.InRange(Math.Abs(c.AudioStart - c.VisualStart), 3, 6));
        Assert.All(hardOnly, c => Assert.InRange(c.AudioStart, 0, shapes.LastAudioStart(61)));
        var mixed = Enumerable.Range(0, 4000).Select(i => sampler.Sample(i % 4, random, 0.5, 0.25)).ToArray();
        Assert.InRange(mixed.Count(c => c.InSync) / 4000.0, 0.45, 0.55);
        Assert.InRange(mixed.Count(c => c.Kind == SyncClipKind.HardNegative) / (double)mixed.Count(c => !c.InSync), 0.2, 0.3);
        Assert.All(mixed.Where(c => c.InSync), c => Assert.Equal((c.VisualRow, c.VisualStart), (c.AudioRow, c.AudioStart)));
    }

    [Fact]
    public void BatchesCutEveryClipAtWholeFrames()
    {
        // Frame t of row r holds the value 100 r + t everywhere; spectrogram column c of row r holds 1000 r + c in every bin.
        var shapes = new SyncInputShapes(1, 2, 2, AudioBins: 3, ClipFrames: 4, ColumnsPerFrame: 2, FramesPerSecond: 25);
        const int rows = 3, frames = 12, columns = 2 * frames + 1;
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r => new RampRow
        {
            Frames = Enumerable.Range(0, frames * 4).Select(i => 100f * r + i / 4).ToArray(),
            Spectrogram = Enumerable.Range(0, 3 * columns).Select(i => 1000f * r + i % columns).ToArray(),
            VideoId = r,
        }));
        var set = AvcExampleSet.Read(data, "Frames", "Spectrogram", "VideoId", CancellationToken.None);
        var builder = new SyncClipBatchBuilder(set, shapes, new InputNormalization(0, 1, 0, 1), torch.CPU, batchSize: 4);
        SyncClip[] clips = [new(0, 3, 0, 3, SyncClipKind.InSync), new(1, 2, 1, 7, SyncClipKind.HardNegative), new(2, 5, 0, 1, SyncClipKind.EasyNegative)];
        using var scope = torch.NewDisposeScope();
        var (visual, audio, inSync) = builder.Build(clips);
        Assert.Equal(new long[] { 3, 1, 4, 2, 2 }, visual.shape);
        Assert.Equal(new long[] { 3, 1, 3, 8 }, audio.shape);
        Assert.Equal(new float[] { 1, 0, 0 }, inSync.data<float>().ToArray());
        for (int i = 0; i < clips.Length; i++)
        {
            var clip = clips[i];
            // [C, T, H, W]: time runs along dimension 1, frame by frame from the clip's start.
            var times = visual[i, 0, .., 0, 0].contiguous().data<float>().ToArray();
            Assert.Equal(Enumerable.Range(clip.VisualStart, 4).Select(t => 100f * clip.VisualRow + t), times);
            // The audio starts at column 2 x start: exactly the first frame's, whatever the row.
            var spectrogramColumns = audio[i, 0, 1, ..].contiguous().data<float>().ToArray();
            Assert.Equal(Enumerable.Range(2 * clip.AudioStart, 8).Select(c => 1000f * clip.AudioRow + c), spectrogramColumns);
        }

        // Gain augmentation adds its decibels before standardisation: (x + gain - mean) / std.
        var standardised = new SyncClipBatchBuilder(set, shapes, new InputNormalization(0, 1, 10, 2), torch.CPU, batchSize: 2);
        var (_, gained, _) = standardised.Build([new(1, 2, 1, 7, SyncClipKind.HardNegative, AudioGain: -6), new(1, 2, 1, 7, SyncClipKind.HardNegative)]);
        var louder = gained[1, 0, 2, ..].contiguous().data<float>().ToArray();
        Assert.Equal(Enumerable.Range(14, 8).Select(c => (1000f + c - 10) / 2), louder);
        Assert.Equal(louder.Select(v => v - 3f), gained[0, 0, 2, ..].contiguous().data<float>().ToArray());
    }

    private sealed class RampRow
    {
        [VectorType(12, 1, 2, 2)] public float[] Frames { get; set; } = [];
        [VectorType(3, 25)] public float[] Spectrogram { get; set; } = [];
        public int VideoId { get; set; }
    }

    [Fact]
    public void InputsThatCannotMakeClipsAreClearErrors()
    {
        var context = new MLContext(seed: 1);
        var tooShort = Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().AudioVisualSync(Options()).Fit(ToySyncVideos.View(context, 6, 3, seed: 1)));
        Assert.Contains("shorter than one clip", tooShort.Message);
        var options = Options();
        options.HardNegativeMinOffset = 1.0;
        options.HardNegativeMaxOffset = null;
        var noHard = Assert.Throws<InvalidOperationException>(() => context.AudioVisual().AudioVisualSync(options).Fit(ToySyncVideos.View(context, 6, 20, seed: 1)));
        Assert.Contains("hard negatives", noHard.Message);
        var frontEnd = ToySyncVideos.FrontEnd();
        frontEnd.HopLength = 30;
        var videos = ToySyncVideos.Make(4, 20, seed: 1);
        var ragged = Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().AudioVisualSync(Options()).Fit(SyncVideoData.Load(context, videos, frontEnd)));
        Assert.Contains("whole number", ragged.Message);
        Assert.Contains("Margin", Assert.Throws<ArgumentOutOfRangeException>(() => context.AudioVisual().AudioVisualSync(new AudioVisualSyncOptions { Margin = 3 })).Message);
    }
}
