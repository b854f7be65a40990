namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>One recording of the Free Spoken Digit Dataset, named <c>{digit}_{speaker}_{take}.wav</c>.</summary>
/// <param name="Path">The full path of the WAV file.</param>
/// <param name="Digit">The spoken digit, 0-9.</param>
/// <param name="Speaker">The speaker's name as in the file name, e.g. <c>george</c>.</param>
/// <param name="Take">The take index of this digit by this speaker (0-49 in FSDD).</param>
public sealed record FsddRecording(string Path, int Digit, string Speaker, int Take)
{
    /// <summary>The largest take index of the official FSDD test split (takes 0-4 test, 5-49 train).</summary>
    public const int LastTestTake = 4;

    /// <summary>True when this recording is in the official FSDD test split (take index 0-4).</summary>
    public bool IsOfficialTest => Take <= LastTestTake;
}
