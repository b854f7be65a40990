using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Spectral;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Correspondence;

/// <summary>The self-supervised video path end to end: folder of real videos, loader, front-end, AvcEmbedding.</summary>
[Collection(TorchCollection.Name)]
public sealed class VideoCorrespondenceTests
{
    [SharedDataFact]
    public void RealVideoFolderRunsEndToEnd()
    {
        var context = new MLContext(seed: 1);
        var messages = new List<string>();
        context.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var rows = VideoCorrespondenceSource.Scan(SharedData.Path("data", "video"), out var skippedFiles, step: 1.0, maxPerVideo: 3);
        Assert.Empty(skippedFiles);                                      // every shared video has both streams
        Assert.Equal(11, rows.Select(r => r.VideoId).Distinct().Count()); // 8 GRID clips, 2 MDN films and the silent flower clip
        var data = VideoCorrespondenceSource.Load(context, rows);

        var frontEnd = SpectrogramOptions.TorchAudio(16000);
        frontEnd.HopLength = 160;
        frontEnd.MelBins = 40;
        frontEnd.Log = LogCompression.Decibels;
        frontEnd.DecibelTopDb = 80;
        var pipeline = context.AudioVisual().LoadVideoFrames(VideoCorrespondenceSource.LoaderOptions(size: 32))
            .Append(context.AudioVisual().LogMelSpectrogram("Spectrogram", "Audio", frontEnd))
            .Append(context.AudioVisual().AvcEmbedding(new AvcEmbeddingOptions
            {
                GroupColumnName = VideoCorrespondenceSource.VideoIdColumnName, Epochs = 1, BatchSize = 8, Seed = 1, Threads = 1,
                ValidationFraction = 0, Tower = new Towers.TowerArchitecture { Widths = [8, 16] }, EmbeddingDimension = 16,
            }));
        var model = pipeline.Fit(data);
        var embeddings = EstimatorWorkout.ReadFloats(model.Transform(data), "AudioEmbedding");

        // flower.webm's audio track is digital silence: its rows are skipped, with the reason and a count logged.
        int flowerRows = rows.Count(r => r.Path.EndsWith("flower.webm", StringComparison.Ordinal));
        Assert.Equal(rows.Count - flowerRows, embeddings.Count);
        Assert.Contains(messages, m => m.Contains("flower.webm") && m.Contains("silence"));
        Assert.Contains(messages, m => m.Contains($"Skipped {flowerRows} of {rows.Count} rows"));
        Assert.All(embeddings, e => Assert.Equal(1.0, Math.Sqrt(e.Sum(v => (double)v * v)), 3));
        (model.LastTransformer as IDisposable)?.Dispose();
    }
}
