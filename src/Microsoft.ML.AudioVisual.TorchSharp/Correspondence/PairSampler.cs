namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>
/// One training or evaluation pair: the visual row and its frame, the audio row, whether they correspond, and
/// the augmentation drawn for it (zero for evaluation).
/// </summary>
internal readonly record struct CorrespondencePair(int VisualRow, int AudioRow, int Frame, bool Corresponds,
    int ImageShiftX = 0, int ImageShiftY = 0, int AudioShift = 0, AudioAugmentation Audio = default);

/// <summary>
/// Spectrogram augmentation of one pair beyond the time shift: a frequency shift in bins, when their lengths are
/// above zero a masked band of bins and a masked stretch of frames, and a gain added to every value.
/// </summary>
internal readonly record struct AudioAugmentation(int FrequencyShift, int MaskBin, int MaskBins, int MaskFrame, int MaskFrames, float Gain = 0)
{
    public bool IsNone => FrequencyShift == 0 && MaskBins == 0 && MaskFrames == 0 && Gain == 0;
}

/// <summary>
/// Draws correspondence pairs among a subset of rows: a positive keeps a row's frame with its own audio (or,
/// with <see cref="PositivePairing.SameGroup"/>, with the audio of a random row of its group); a negative gives
/// the frame the audio of a row from another group, or, when the images show several groups, from a group the
/// anchor's image does not show.
/// </summary>
internal sealed class PairSampler
{
    private readonly int[] _rows;
    private readonly int[] _groups;
    private readonly int[][]? _visibleGroups;
    private readonly int _frames;
    private readonly Dictionary<int, int[]> _rowsByGroup;

    /// <param name="rows">The subset of rows to anchor on and draw audio from.</param>
    /// <param name="groups">Group id of every row.</param>
    /// <param name="frames">Frames per visual row.</param>
    /// <param name="visibleGroups">Per row, the groups its image shows (its own among them), or null for its own group only.</param>
    public PairSampler(int[] rows, int[] groups, int frames, int[][]? visibleGroups = null)
    {
        _rows = rows;
        _groups = groups;
        _visibleGroups = visibleGroups;
        _frames = frames;
        _rowsByGroup = rows.GroupBy(r => groups[r]).ToDictionary(g => g.Key, g => g.ToArray());
        var present = _rowsByGroup.Keys.ToArray();
        HasNegatives = rows.All(anchor => present.Any(group => !Shows(anchor, group)));
    }

    /// <summary>False when some row has no negative: the rows hold a single group, or an image shows every group of the rows.</summary>
    public bool HasNegatives { get; }

    /// <summary>A pair anchored on the <paramref name="index"/>-th row of the subset, without augmentation.</summary>
    public CorrespondencePair Sample(int index, Random random, double negativeFraction, PositivePairing pairing = PositivePairing.SameRow)
    {
        int anchor = _rows[index];
        int frame = _frames == 1 ? 0 : random.Next(_frames);
        if (random.NextDouble() >= negativeFraction)
        {
            int audio = pairing == PositivePairing.SameGroup ? Pick(_rowsByGroup[_groups[anchor]], random) : anchor;
            return new(anchor, audio, frame, true);
        }
        return new(anchor, OtherGroup(anchor, random), frame, false);
    }

    private static int Pick(int[] rows, Random random) => rows[random.Next(rows.Length)];

    private int OtherGroup(int anchor, Random random)
    {
        // Rejection sampling is fast when no group dominates; the scan bounds the worst case.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            int candidate = Pick(_rows, random);
            if (!Shows(anchor, _groups[candidate])) return candidate;
        }
        var others = _rows.Where(r => !Shows(anchor, _groups[r])).ToArray();
        if (others.Length == 0)
            throw new InvalidOperationException($"Row {anchor}'s image shows every group of the rows: no audio can be a negative for it.");
        return Pick(others, random);
    }

    private bool Shows(int anchor, int group) =>
        _visibleGroups is null ? group == _groups[anchor] : Array.IndexOf(_visibleGroups[anchor], group) >= 0;
}
