namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Cuts a waveform into the fixed-length windows a model takes.</summary>
internal static class ClipWindows
{
    /// <summary>
    /// Windows of <paramref name="length"/> samples covering the whole clip. A clip no longer than one window gives
    /// one window, zero-padded on both sides (centred, as the models were trained). A longer clip gives
    /// <c>ceil(samples / length)</c> windows whose starts are spread evenly from the first sample to the last full
    /// window, so the first starts at 0, the last ends at the clip end, and neighbours overlap only as much as needed.
    /// </summary>
    /// <exception cref="ArgumentException">The clip is empty or the length is not positive.</exception>
    public static float[][] Split(ReadOnlySpan<float> samples, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (samples.IsEmpty) throw new ArgumentException("The clip has no samples.", nameof(samples));
        if (samples.Length <= length)
        {
            var padded = new float[length];
            samples.CopyTo(padded.AsSpan((length - samples.Length) / 2));
            return [padded];
        }
        int count = (samples.Length + length - 1) / length;
        int last = samples.Length - length;
        var windows = new float[count][];
        for (int w = 0; w < count; w++)
        {
            int start = (int)Math.Round((double)w * last / (count - 1));
            windows[w] = samples.Slice(start, length).ToArray();
        }
        return windows;
    }
}
