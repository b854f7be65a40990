namespace Microsoft.ML.AudioVisual.Downstream;

/// <summary>Which <see cref="MediaModality"/> a file holds, judged by its extension.</summary>
internal static class MediaFileKinds
{
    private static readonly string[] AudioExtensions = [".wav", ".ogg", ".oga", ".mp3", ".flac", ".m4a", ".aac", ".opus", ".aif", ".aiff", ".wma"];
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif", ".tif", ".tiff"];
    private static readonly string[] VideoExtensions = [".mp4", ".mkv", ".webm", ".mov", ".avi", ".mpg", ".mpeg", ".m4v", ".ogv", ".wmv", ".flv"];

    /// <summary>The modality of <paramref name="path"/>, or null when the extension is not a known media type.</summary>
    public static MediaModality? Of(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (AudioExtensions.Contains(extension)) return MediaModality.Audio;
        if (ImageExtensions.Contains(extension)) return MediaModality.Image;
        if (VideoExtensions.Contains(extension)) return MediaModality.Video;
        return null;
    }
}
