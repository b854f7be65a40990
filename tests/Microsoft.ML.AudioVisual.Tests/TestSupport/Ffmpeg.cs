using System.Diagnostics;

namespace Microsoft.ML.AudioVisual.Tests;

/// <summary>Runs the ffmpeg command line directly: to make test clips, and as the reference decoder.</summary>
public static class Ffmpeg
{
    /// <summary>Runs ffmpeg with the arguments and returns its standard output bytes; throws on failure.</summary>
    public static byte[] Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-y" }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {stderr.Result}");
        return output.ToArray();
    }

    /// <summary>Makes a test clip: moving test pattern at <paramref name="fps"/> and a 440 Hz tone, as <paramref name="path"/>'s container.</summary>
    public static string MakeClip(string path, double seconds, int fps = 25, int width = 160, int height = 120, bool audio = true, bool video = true)
    {
        var args = new List<string>();
        if (video) args.AddRange(["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"]);
        if (audio) args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=44100:duration={seconds}"]);
        if (video) args.AddRange(["-pix_fmt", "yuv420p"]);
        args.Add(path);
        Run([.. args]);
        return path;
    }
}
