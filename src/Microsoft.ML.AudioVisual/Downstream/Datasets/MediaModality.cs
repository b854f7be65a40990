namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>What the files of a downstream data set hold.</summary>
public enum MediaModality
{
    /// <summary>Sound files (WAV natively; OGG, MP3, FLAC, ... through FFmpeg).</summary>
    Audio,

    /// <summary>Still images (PNG, JPEG, ...).</summary>
    Image,

    /// <summary>Videos, possibly with a sound track.</summary>
    Video,
}
