namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Measures a synchronisation model on videos whose timing is known (generated ones, or real ones taken as in sync): clip
/// decisions in sync against hard (the same video, shifted) and easy (another video) negatives, and the offset estimator
/// on clips whose audio is shifted by known amounts.
/// </summary>
public static class SyncEvaluator
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="videos"/> (all with the model's frame size, rates and front-end).</summary>
    /// <exception cref="ArgumentException">A video does not fit the model, or is too short for a clip with the hard shift or the offset scan.</exception>
    public static SyncEvaluationReport Evaluate(AudioVisualSyncTransformer model, IReadOnlyList<Datasets.SyncVideo> videos, SyncEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(videos);
        options ??= new SyncEvaluationOptions();
        options.Validate();
        if (videos.Count == 0) throw new ArgumentException("There are no videos to evaluate on.", nameof(videos));
        var random = new Random(options.Seed);
        var (hard, easy, inSync, ranking, clips) = Decisions(model, videos, options, random);
        var (trials, window) = Offsets(model, videos, options, random);
        var errors = trials.Select(t => (double)t.ErrorFrames).Order().ToArray();
        return new SyncEvaluationReport(hard, easy, inSync, ranking,
            errors.Length == 0 ? double.NaN : errors.Count(e => e <= 1) / (double)errors.Length,
            errors.Length == 0 ? double.NaN : Median(errors), errors.Length == 0 ? double.NaN : errors.Average(),
            clips, videos.Count, window, trials);
    }

    private static (double Hard, double Easy, double InSync, double Ranking, int Clips) Decisions(AudioVisualSyncTransformer model, IReadOnlyList<Datasets.SyncVideo> videos,
        SyncEvaluationOptions options, Random random)
    {
        var shapes = model.Shapes;
        int minShift = Math.Max(1, (int)Math.Round(options.HardMinShift * shapes.FramesPerSecond)), maxShift = Math.Max(minShift, model.MaxOffsetFrames);
        var spectrograms = videos.Select(model.Spectrogram).ToArray();
        var visual = new List<float[]>();
        var inSync = new List<float[]>();
        var hard = new List<float[]>();
        var easy = new List<float[]>();
        for (int v = 0; v < videos.Count; v++)
        {
            var video = videos[v];
            int columns = spectrograms[v].Length / shapes.AudioBins, lastAudio = shapes.LastAudioStart(columns);
            int last = Math.Min(shapes.LastVisualStart(video.FrameCount), lastAudio);
            if (last < minShift)
                throw new ArgumentException($"'{video.Name}' ({video.FrameCount} frames) is too short for a clip of {shapes.ClipFrames} frames with its audio shifted by {minShift} frames.", nameof(videos));
            for (int c = 0; c < options.ClipsPerVideo; c++)
            {
                int start = random.Next(last + 1);
                // The shifted audio stays inside the video: pick among the allowed starts either side.
                var shifted = Enumerable.Range(0, lastAudio + 1).Where(s => Math.Abs(s - start) >= minShift && Math.Abs(s - start) <= maxShift).ToArray();
                if (shifted.Length == 0) continue;
                visual.Add(video.Frames.AsSpan(start * shapes.FrameSize, shapes.VisualClipSize).ToArray());
                inSync.Add(AudioClip(shapes, spectrograms[v], columns, start));
                hard.Add(AudioClip(shapes, spectrograms[v], columns, shifted[random.Next(shifted.Length)]));
                if (videos.Count > 1)
                {
                    int other = (v + 1 + random.Next(videos.Count - 1)) % videos.Count;
                    int otherColumns = spectrograms[other].Length / shapes.AudioBins;
                    easy.Add(AudioClip(shapes, spectrograms[other], otherColumns, Math.Min(start, shapes.LastAudioStart(otherColumns))));
                }
            }
        }
        if (visual.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var visualEmbeddings = model.EmbedVisualClips(visual);
        var distanceInSync = Distances(visualEmbeddings, model.EmbedAudioClips(inSync));
        var distanceHard = Distances(visualEmbeddings, model.EmbedAudioClips(hard));
        double threshold = model.Options.Margin / 2;
        double inSyncRate = distanceInSync.Average(d => d < threshold ? 1.0 : 0.0);
        double hardAccuracy = (inSyncRate + distanceHard.Average(d => d >= threshold ? 1.0 : 0.0)) / 2;
        double ranking = distanceInSync.Zip(distanceHard, (a, b) => a < b ? 1.0 : 0.0).Average();
        double easyAccuracy = easy.Count == 0 ? double.NaN
            : (inSyncRate + Distances(visualEmbeddings, model.EmbedAudioClips(easy)).Average(d => d >= threshold ? 1.0 : 0.0)) / 2;
        return (hardAccuracy, easyAccuracy, inSyncRate, ranking, visual.Count);
    }

    private static (List<SyncOffsetTrial> Trials, int Window) Offsets(AudioVisualSyncTransformer model, IReadOnlyList<Datasets.SyncVideo> videos,
        SyncEvaluationOptions options, Random random)
    {
        int range = model.MaxOffsetFrames, clip = model.Shapes.ClipFrames;
        var trials = new List<SyncOffsetTrial>();
        int window = 0;
        foreach (var video in videos)
        {
            // With room for the scan range of audio context either side of the window and of the delay, no silence is padded in;
            // shorter videos (real clips of a few seconds) take the widest window that leaves the scan range either side.
            bool roomy = video.FrameCount - 4 * range >= clip;
            window = roomy ? video.FrameCount - 4 * range : video.FrameCount - 2 * range;
            int start = roomy ? 2 * range : range;
            if (window < clip)
                throw new ArgumentException($"'{video.Name}' ({video.FrameCount} frames) is too short to shift its audio by up to {range} frames either way and keep a clip of {clip} frames.", nameof(videos));
            for (int s = 0; s < options.ShiftsPerVideo; s++)
            {
                int delay = random.Next(-range, range + 1);
                var estimate = model.EstimateOffset(video, start, window, delay);
                trials.Add(new SyncOffsetTrial(video.Name, delay, estimate.OffsetFrames, estimate.Confidence));
            }
        }
        return (trials, window);
    }

    private static float[] AudioClip(SyncInputShapes shapes, float[] spectrogram, int columns, int start)
    {
        var clip = new float[shapes.AudioClipSize];
        shapes.CopyAudioClip(spectrogram, columns, start, clip);
        return clip;
    }

    private static double[] Distances(float[][] a, float[][] b) =>
        a.Select((x, i) => Math.Sqrt(x.Zip(b[i], (p, q) => (double)(p - q) * (p - q)).Sum())).ToArray();

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
