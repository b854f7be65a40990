namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>
/// Draws clips among a subset of rows (videos), every start a whole frame: in sync (frames and audio of the same moment),
/// easy negatives (audio of another group's row, at a random frame) and hard negatives (audio of the same row, shifted by
/// a whole number of frames within the hard-offset range). Negatives are frame-aligned like the positives, so they cannot
/// be told apart by where a clip starts within a spectrogram hop.
/// </summary>
internal sealed class SyncClipSampler
{
    private readonly int[] _rows;
    private readonly int[] _groups;
    private readonly int _lastStart;
    private readonly int _lastAudioStart;
    private readonly int _minOffset;
    private readonly int _maxOffset;

    /// <param name="rows">The rows to draw from.</param>
    /// <param name="groups">Group of every row of the set.</param>
    /// <param name="shapes">Clip shapes.</param>
    /// <param name="rowFrames">Frames per row.</param>
    /// <param name="rowColumns">Spectrogram columns per row.</param>
    /// <param name="minOffset">Smallest hard-negative offset in frames (at least 1).</param>
    /// <param name="maxOffset">Largest hard-negative offset in frames, or null for any.</param>
    public SyncClipSampler(int[] rows, int[] groups, SyncInputShapes shapes, int rowFrames, int rowColumns, int minOffset, int? maxOffset)
    {
        _rows = rows;
        _groups = groups;
        _lastAudioStart = shapes.LastAudioStart(rowColumns);
        _lastStart = Math.Min(shapes.LastVisualStart(rowFrames), _lastAudioStart);
        _minOffset = minOffset;
        _maxOffset = Math.Min(maxOffset ?? int.MaxValue, _lastAudioStart);
        HasEasyNegatives = rows.Select(r => groups[r]).Distinct().Skip(1).Any();
        HasHardNegatives = _maxOffset >= _minOffset;
    }

    /// <summary>False when the rows hold a single group: no easy negative exists.</summary>
    public bool HasEasyNegatives { get; }

    /// <summary>False when the rows are too short for the smallest hard offset.</summary>
    public bool HasHardNegatives { get; }

    /// <summary>The rows drawn from.</summary>
    public int Count => _rows.Length;

    /// <summary>
    /// A clip of the <paramref name="index"/>-th row: a negative with probability <paramref name="negativeFraction"/>, hard with
    /// probability <paramref name="hardFraction"/> among negatives (easy when no hard offset fits, and the other way round).
    /// </summary>
    public SyncClip Sample(int index, Random random, double negativeFraction, double hardFraction)
    {
        int row = _rows[index];
        int start = random.Next(_lastStart + 1);
        if (random.NextDouble() >= negativeFraction) return new(row, start, row, start, SyncClipKind.InSync);
        bool hard = random.NextDouble() < hardFraction;
        return hard ? Hard(row, start, random) ?? Easy(row, start, random) : Easy(row, start, random);
    }

    /// <summary>The <paramref name="index"/>-th row's frames from a random frame with the audio of the same moment.</summary>
    public SyncClip InSync(int index, Random random)
    {
        int row = _rows[index], start = random.Next(_lastStart + 1);
        return new(row, start, row, start, SyncClipKind.InSync);
    }

    /// <summary>The frames of <paramref name="row"/> from <paramref name="start"/> with audio of another group at a random frame.</summary>
    public SyncClip Easy(int row, int start, Random random)
    {
        if (!HasEasyNegatives) return Hard(row, start, random) ?? throw new InvalidOperationException("Neither easy nor hard negatives can be formed.");
        return new(row, start, OtherGroup(row, random), random.Next(_lastAudioStart + 1), SyncClipKind.EasyNegative);
    }

    /// <summary>The frames of <paramref name="row"/> from <paramref name="start"/> with its own audio shifted within the hard range, or null when no shift fits.</summary>
    public SyncClip? Hard(int row, int start, Random random)
    {
        // Audio starts allowed: offsets in [min, max] either way, inside the row.
        int earlyLow = Math.Max(0, start - _maxOffset), earlyHigh = start - _minOffset;
        int lateLow = start + _minOffset, lateHigh = Math.Min(_lastAudioStart, start + _maxOffset);
        int early = Math.Max(0, earlyHigh - earlyLow + 1), late = Math.Max(0, lateHigh - lateLow + 1);
        if (early + late == 0) return null;
        int pick = random.Next(early + late);
        int audioStart = pick < early ? earlyLow + pick : lateLow + pick - early;
        return new(row, start, row, audioStart, SyncClipKind.HardNegative);
    }

    private int OtherGroup(int row, Random random)
    {
        // Rejection sampling is fast when no group dominates; the scan bounds the worst case.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            int candidate = _rows[random.Next(_rows.Length)];
            if (_groups[candidate] != _groups[row]) return candidate;
        }
        var others = _rows.Where(r => _groups[r] != _groups[row]).ToArray();
        return others[random.Next(others.Length)];
    }
}
