using FFMpegCore;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>Finds the FFmpeg binaries once and fails clearly when they are missing.</summary>
internal static class FfmpegTools
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    public static void EnsureAvailable()
    {
        if (Missing.Value is string message) throw new InvalidOperationException(message);
    }

    private static string? FindMissing()
    {
        var folder = GlobalFFOptions.Current.BinaryFolder;
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            bool found = !string.IsNullOrEmpty(folder) && (File.Exists(Path.Combine(folder, tool)) || File.Exists(Path.Combine(folder, tool + ".exe")));
            found |= (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, tool)) || File.Exists(Path.Combine(dir, tool + ".exe")));
            if (!found)
                return $"{tool} was not found on PATH{(string.IsNullOrEmpty(folder) ? "" : $" or in '{folder}'")}. " +
                       "Install FFmpeg (Debian/Ubuntu: apt-get install ffmpeg) or set FFMpegCore.GlobalFFOptions.Current.BinaryFolder.";
        }
        return null;
    }
}
