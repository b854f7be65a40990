namespace Microsoft.ML.AudioVisual.Correspondence;

/// <summary>One training or evaluation pair: the visual row, the audio row, which frame, and whether they correspond.</summary>
internal readonly record struct CorrespondencePair(int VisualRow, int AudioRow, int Frame, bool Corresponds);

/// <summary>
/// Draws correspondence pairs among a subset of rows: a positive keeps a row's frame with its own audio; a
/// negative gives the frame the audio of a row from another group.
/// </summary>
internal sealed class PairSampler
{
    private readonly int[] _rows;
    private readonly int[] _groups;
    private readonly int _frames;

    public PairSampler(int[] rows, int[] groups, int frames)
    {
        _rows = rows;
        _groups = groups;
        _frames = frames;
        HasNegatives = rows.Select(r => groups[r]).Distinct().Take(2).Count() == 2;
    }

    /// <summary>False when the rows hold a single group, so no negative exists.</summary>
    public bool HasNegatives { get; }

    public int Count => _rows.Length;

    /// <summary>A pair anchored on the <paramref name="index"/>-th row of the subset.</summary>
    public CorrespondencePair Sample(int index, Random random, double negativeFraction)
    {
        int anchor = _rows[index];
        int frame = _frames == 1 ? 0 : random.Next(_frames);
        if (random.NextDouble() >= negativeFraction) return new(anchor, anchor, frame, true);
        return new(anchor, OtherGroup(anchor, random), frame, false);
    }

    private int OtherGroup(int anchor, Random random)
    {
        // Rejection sampling is fast when no group dominates; the scan bounds the worst case.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            int candidate = _rows[random.Next(_rows.Length)];
            if (_groups[candidate] != _groups[anchor]) return candidate;
        }
        var others = _rows.Where(r => _groups[r] != _groups[anchor]).ToArray();
        return others[random.Next(others.Length)];
    }
}
