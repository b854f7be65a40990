namespace Microsoft.ML.AudioVisual.Media;

/// <summary>What is wrong with a media file.</summary>
public enum MediaProblem
{
    /// <summary>The file does not exist.</summary>
    Missing,
    /// <summary>The file cannot be decoded (corrupt, truncated, zero-length or not media).</summary>
    Corrupt,
    /// <summary>Audio was asked for but the file has no audio stream.</summary>
    NoAudioStream,
    /// <summary>Frames were asked for but the file has no video stream.</summary>
    NoVideoStream,
    /// <summary>The file is shorter than the requested clip.</summary>
    TooShort,
    /// <summary>The requested audio is digital silence (all samples zero).</summary>
    SilentAudio,
}

/// <summary>A media file could not be loaded as asked. The message names the file and the cause.</summary>
public sealed class MediaLoadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public MediaLoadException(string filePath, MediaProblem problem, string cause, Exception? inner = null)
        : base($"'{filePath}': {cause}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }

    /// <summary>The kind of failure.</summary>
    public MediaProblem Problem { get; }
}
