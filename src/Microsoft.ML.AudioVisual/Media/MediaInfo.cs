namespace Microsoft.ML.AudioVisual.Media;

/// <summary>What <see cref="MediaDecoder.Probe"/> learns about a file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Duration">Seconds, from the container (or the longest stream).</param>
/// <param name="StartTime">The container's start time in seconds; all other times are relative to it.</param>
/// <param name="Video">The primary video stream, if any.</param>
/// <param name="Audio">The primary audio stream, if any.</param>
/// <param name="IsStillImage">True for PNG/JPEG/BMP/WebP images: one picture, shown for all time.</param>
public sealed record MediaInfo(string Path, double Duration, double StartTime, VideoStreamInfo? Video, AudioStreamInfo? Audio, bool IsStillImage);

/// <summary>A video stream.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FrameRate">Frames per second (the stream's nominal rate).</param>
/// <param name="StartTime">Seconds relative to the container start.</param>
/// <param name="Duration">Seconds, when the container states it (else the container duration).</param>
/// <param name="Codec">Codec name.</param>
public sealed record VideoStreamInfo(int Width, int Height, double FrameRate, double StartTime, double Duration, string Codec);

/// <summary>An audio stream.</summary>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="StartTime">Seconds relative to the container start.</param>
/// <param name="Duration">Seconds, when the container states it (else the container duration).</param>
/// <param name="Codec">Codec name.</param>
public sealed record AudioStreamInfo(int SampleRate, int Channels, double StartTime, double Duration, string Codec);

/// <summary>Decoded frames of one clip.</summary>
/// <param name="Pixels">Row-major <c>[T, 3, H, W]</c>, RGB planes, scaled as the <see cref="FrameFormat"/> says.</param>
/// <param name="Times">Presentation time of each frame, seconds from the media start.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
public sealed record VideoClip(float[] Pixels, double[] Times, int Width, int Height)
{
    /// <summary>Number of frames.</summary>
    public int FrameCount => Times.Length;
}
