namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// The offset scan on embeddings: with visual clip embeddings at every frame of a video and audio clip embeddings at every
/// frame of its soundtrack, the distance at offset k averages the distances of the visual clip at frame i and the audio clip
/// at frame i + k over every i where both exist; each clip is embedded once, whatever the number of offsets.
/// </summary>
internal static class SyncOffsetSearch
{
    /// <param name="visual">Visual embeddings, <paramref name="visualCount"/> rows of <paramref name="dimension"/> (clip starts 0, 1, ... frames).</param>
    /// <param name="visualCount">Visual clips.</param>
    /// <param name="audio">Audio embeddings, <paramref name="audioCount"/> rows (clip starts 0, 1, ... frames).</param>
    /// <param name="audioCount">Audio clips.</param>
    /// <param name="audioStartFrame">The frame (counted from the first visual clip's) where the first audio clip starts: negative when the audio begins earlier.</param>
    /// <param name="dimension">Embedding length.</param>
    /// <param name="maxOffset">Offsets scanned: -maxOffset .. maxOffset frames.</param>
    /// <param name="framesPerSecond">Frame rate, for seconds.</param>
    /// <param name="margin">The model's margin, for the in-sync score.</param>
    public static SyncOffsetEstimate Search(ReadOnlySpan<float> visual, int visualCount, ReadOnlySpan<float> audio, int audioCount, int audioStartFrame, int dimension,
        int maxOffset, double framesPerSecond, double margin)
    {
        var curve = new float[2 * maxOffset + 1];
        for (int k = -maxOffset; k <= maxOffset; k++)
        {
            double sum = 0;
            int count = 0;
            for (int i = Math.Max(0, audioStartFrame - k); i < visualCount && i + k - audioStartFrame < audioCount; i++)
            {
                sum += Distance(visual.Slice(i * dimension, dimension), audio.Slice((i + k - audioStartFrame) * dimension, dimension));
                count++;
            }
            curve[k + maxOffset] = count == 0 ? float.NaN : (float)(sum / count);
        }
        var valid = curve.Where(float.IsFinite).Order().ToArray();
        if (valid.Length == 0) throw new InvalidOperationException("No clip of the frames overlaps a clip of the audio at any scanned offset.");
        int best = -1;
        for (int i = 0; i < curve.Length; i++)
            if (float.IsFinite(curve[i]) && (best < 0 || curve[i] < curve[best])) best = i;
        double median = valid.Length % 2 == 1 ? valid[valid.Length / 2] : (valid[valid.Length / 2 - 1] + valid[valid.Length / 2]) / 2.0;
        var offsets = Enumerable.Range(-maxOffset, curve.Length).Select(k => k / framesPerSecond).ToArray();
        float atZero = curve[maxOffset];
        return new SyncOffsetEstimate((best - maxOffset) / framesPerSecond, best - maxOffset, median - curve[best], offsets, curve,
            float.IsFinite(atZero) ? SyncScore.FromDistance(atZero, margin) : double.NaN);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
