namespace Microsoft.ML.AudioVisual.Synchronization;

/// <summary>What a training or evaluation clip pairs its frames with.</summary>
internal enum SyncClipKind
{
    /// <summary>The audio of the same moment: in sync.</summary>
    InSync,
    /// <summary>Audio of another video (another group), at a frame-aligned moment.</summary>
    EasyNegative,
    /// <summary>Audio of the same video, shifted by a whole number of frames.</summary>
    HardNegative,
}

/// <summary>A clip: frames of one row from a frame on, with the audio of a row from a frame on (indices into the example set).</summary>
internal readonly record struct SyncClip(int VisualRow, int VisualStart, int AudioRow, int AudioStart, SyncClipKind Kind, float AudioGain = 0)
{
    /// <summary>True for the in-sync clips (label 1 of the contrastive loss).</summary>
    public bool InSync => Kind == SyncClipKind.InSync;
}
