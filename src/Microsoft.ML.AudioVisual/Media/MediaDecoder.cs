using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FFMpegCore;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Media;

/// <summary>
/// Decodes media files with FFmpeg (commands built with FFMpegCore, raw bytes over the process's standard-output pipe, no temporary files):
/// probing, frames at chosen times, and mono audio at a chosen rate. WAV files are read natively
/// without FFmpeg. Each call starts at most one FFmpeg process, whatever the number of frames.
/// </summary>
/// <remarks>
/// Times are seconds from the start of the media (the container's start time). The frame "at" time
/// <c>t</c> is the frame on screen at <c>t</c>: the last one whose presentation time is at or before
/// <c>t</c>, with a quarter-frame tolerance for containers that round timestamps (WebM stores
/// milliseconds). Asking for the times <c>k / fps</c> therefore returns the stream's own frames.
/// </remarks>
public static partial class MediaDecoder
{
    private static readonly string[] StillImageFormats = ["png_pipe", "jpeg_pipe", "bmp_pipe", "webp_pipe", "image2", "tiff_pipe", "gif"];
    private const string StandardOutput = "pipe:1";
    private const int MaxPresizedOutput = 1 << 26;
    private const double SeekMargin = 3.0; // seconds decoded before the first wanted frame: some demuxers (MPEG-PS) seek late

    /// <summary>
    /// Reads durations, sizes, rates and channels of a file. The result is remembered for the rest of the process
    /// while the file keeps its length and last-write time, so probing a file again costs no FFprobe run.
    /// </summary>
    /// <exception cref="MediaLoadException">Missing or undecodable file.</exception>
    public static MediaInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        CheckReadable(path);
        return MediaProbeCache.GetOrProbe(path, () => ProbeFile(path, cancellationToken));
    }

    private static MediaInfo ProbeFile(string path, CancellationToken cancellationToken)
    {
        if (WavFile.LooksLikeWav(path))
        {
            WavInfo wav;
            try
            {
                wav = WavFile.ReadInfo(path);
            }
            catch (InvalidDataException e)
            {
                throw new MediaLoadException(path, MediaProblem.Corrupt, e.Message, e);
            }
            return new MediaInfo(path, wav.Duration, 0, null, new AudioStreamInfo(wav.SampleRate, wav.Channels, 0, wav.Duration, "pcm"), false);
        }
        FfmpegTools.EnsureAvailable();
        IMediaAnalysis analysis;
        try
        {
            analysis = FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaLoadException(path, MediaProblem.Corrupt, $"FFmpeg cannot read the file ({FirstLine(e.Message)}).", e);
        }
        double start = analysis.Format.StartTime.TotalSeconds;
        double duration = analysis.Format.Duration.TotalSeconds;
        bool still = StillImageFormats.Contains(analysis.Format.FormatName);
        VideoStreamInfo? video = null;
        if (analysis.PrimaryVideoStream is { } v && v.Width is > 0 && v.Height is > 0)
        {
            double fps = v.AverageFrameRate is > 0 and < 1000 && double.IsFinite(v.AverageFrameRate) ? v.AverageFrameRate : v.RealFrameRate;
            if (!(fps > 0) || !double.IsFinite(fps)) fps = 25;
            double vDuration = v.Duration.TotalSeconds > 0 ? v.Duration.TotalSeconds : duration;
            video = new VideoStreamInfo(v.Width.Value, v.Height.Value, fps, v.StartTime.TotalSeconds - start, vDuration, v.CodecName ?? "unknown");
        }
        AudioStreamInfo? audio = null;
        if (analysis.PrimaryAudioStream is { } a && a.SampleRateHz is > 0)
        {
            double aDuration = a.Duration.TotalSeconds > 0 ? a.Duration.TotalSeconds : duration;
            audio = new AudioStreamInfo(a.SampleRateHz.Value, a.Channels ?? 1, a.StartTime.TotalSeconds - start, aDuration, a.CodecName ?? "unknown");
        }
        if (video is null && audio is null)
            throw new MediaLoadException(path, MediaProblem.Corrupt, "the file has neither a video nor an audio stream.");
        if (duration <= 0 && !still)
            duration = Math.Max(video?.Duration ?? 0, audio?.Duration ?? 0);
        if (duration <= 0 && !still)
            throw new MediaLoadException(path, MediaProblem.Corrupt, "the media has zero length.");
        return new MediaInfo(path, duration, start, video, audio, still);
    }

    /// <summary>
    /// Decodes the frames on screen at <paramref name="times"/> (seconds from the media start), all in one
    /// FFmpeg call, resized and scaled as <paramref name="format"/> says.
    /// </summary>
    /// <param name="path">The media file (video, or a still image, which every time shows).</param>
    /// <param name="times">The wanted times; they may repeat and need not be sorted.</param>
    /// <param name="format">Output size, resize mode and pixel scaling.</param>
    /// <param name="padShort">When true, times past the end of the video get its last frame; when false they throw.</param>
    /// <param name="info">A probe result to reuse, or null to probe.</param>
    /// <param name="cancellationToken">Stops FFmpeg.</param>
    /// <exception cref="MediaLoadException">Missing, undecodable, no video stream, or too short.</exception>
    public static VideoClip DecodeFrames(string path, IReadOnlyList<double> times, FrameFormat format, bool padShort = false,
        MediaInfo? info = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
        if (times.Count == 0) throw new ArgumentException("At least one frame time is needed.", nameof(times));
        DecodeObserver.Notify(path, MediaKind.Video);
        info ??= Probe(path, cancellationToken);
        if (info.Video is null)
            throw new MediaLoadException(path, MediaProblem.NoVideoStream, "frames were requested but the file has no video stream.");
        int frameBytes = format.Width * format.Height * 3;
        var pixels = GC.AllocateUninitializedArray<float>(times.Count * frameBytes); // every frame slot is written below

        if (info.IsStillImage)
        {
            var picture = RunVideo(path, format, inputArguments: "", selectExpression: null, frameBytes, cancellationToken, out _);
            if (picture.Count < frameBytes) throw new MediaLoadException(path, MediaProblem.Corrupt, "FFmpeg decoded no picture.");
            for (int i = 0; i < times.Count; i++) format.ToPlanar(picture.AsSpan(0, frameBytes), pixels.AsSpan(i * frameBytes, frameBytes), 1);
            return new VideoClip(pixels, times.ToArray(), format.Width, format.Height);
        }

        var video = info.Video;
        double period = 1.0 / video.FrameRate;
        double tolerance = period / 4;
        var (wanted, input, select) = PlanFrames(path, times, padShort, info);
        var rgb = RunVideo(path, format, input, select, (long)wanted.Distinct().Count() * frameBytes, cancellationToken, out var ptsTimes);
        if (ptsTimes.Count * frameBytes != rgb.Count)
            throw new MediaLoadException(path, MediaProblem.Corrupt,
                $"FFmpeg returned {rgb.Count} bytes for {ptsTimes.Count} frames of {format.Width}x{format.Height}.");

        var frameTimes = new double[times.Count];
        for (int i = 0; i < times.Count; i++)
        {
            int match = -1;
            for (int k = 0; k < ptsTimes.Count; k++)
                if (ptsTimes[k] > wanted[i] - period + tolerance && ptsTimes[k] <= wanted[i] + tolerance) match = k;
            if (match < 0 && padShort && ptsTimes.Count > 0)
                match = ptsTimes.FindLastIndex(p => p <= wanted[i] + tolerance) is var last && last >= 0 ? last : 0;
            if (match < 0)
                throw new MediaLoadException(path, MediaProblem.TooShort,
                    $"no frame is on screen at {times[i]:0.###} s (the stream may end earlier than its header says).");
            format.ToPlanar(rgb.AsSpan(match * frameBytes, frameBytes), pixels.AsSpan(i * frameBytes, frameBytes), 1);
            frameTimes[i] = ptsTimes[match] - info.StartTime;
        }
        return new VideoClip(pixels, frameTimes, format.Width, format.Height);
    }

    /// <summary>
    /// Decodes mono audio (channels averaged) at <paramref name="sampleRate"/> from <paramref name="start"/>
    /// for <paramref name="duration"/> seconds (to the end when null): exactly <c>round(duration * rate)</c> samples.
    /// </summary>
    /// <param name="path">The media file. WAV is read natively (and resampled like torchaudio); other formats through FFmpeg.</param>
    /// <param name="sampleRate">Output samples per second.</param>
    /// <param name="start">Seconds from the media start.</param>
    /// <param name="duration">Seconds, or null for the rest of the file.</param>
    /// <param name="padShort">When true, a clip that ends early is completed with zeros (silence); when false it throws.</param>
    /// <param name="allowSilence">When false, all-zero audio throws <see cref="MediaProblem.SilentAudio"/>.</param>
    /// <param name="info">A probe result to reuse, or null to probe.</param>
    /// <param name="cancellationToken">Stops FFmpeg.</param>
    public static AudioClip DecodeAudio(string path, int sampleRate, double start = 0, double? duration = null, bool padShort = false,
        bool allowSilence = true, MediaInfo? info = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!double.IsFinite(start) || start < 0) throw new ArgumentOutOfRangeException(nameof(start), $"Start must be a non-negative number of seconds, got {start}.");
        if (duration is double d && (!double.IsFinite(d) || d <= 0)) throw new ArgumentOutOfRangeException(nameof(duration), $"Duration must be positive, got {d}.");
        DecodeObserver.Notify(path, MediaKind.Audio);
        CheckReadable(path);

        float[] decoded;
        double streamOffset = 0;
        if (WavFile.LooksLikeWav(path))
        {
            var wav = ReadWav(path);
            decoded = wav.SampleRate == sampleRate ? wav.Samples : new AudioResampler(wav.SampleRate, sampleRate).Resample(wav.Samples);
        }
        else
        {
            info ??= Probe(path, cancellationToken);
            if (info.Audio is null)
                throw new MediaLoadException(path, MediaProblem.NoAudioStream, "audio was requested but the file has no audio stream.");
            streamOffset = info.Audio.StartTime;
            decoded = RunAudio(path, sampleRate, AudioLimit(start, duration), cancellationToken);
        }

        int first = (int)Math.Round((start - streamOffset) * sampleRate);
        int available = decoded.Length - Math.Max(first, 0);
        int count = duration is double span ? (int)Math.Round(span * sampleRate) : Math.Max(available, 0);
        if (count == 0 || first < 0 || available < count)
        {
            if (!padShort || count == 0)
                throw new MediaLoadException(path, MediaProblem.TooShort,
                    $"{(duration is null ? "audio" : $"{count} samples ({duration:0.###} s)")} from {start:0.###} s at {sampleRate} Hz were requested " +
                    $"but the audio holds {decoded.Length / (double)sampleRate:0.###} s" + (streamOffset > 0 ? $" starting at {streamOffset:0.###} s." : "."));
        }
        var samples = new float[count];
        for (int i = 0; i < count; i++)
        {
            int source = first + i;
            samples[i] = source >= 0 && source < decoded.Length ? decoded[source] : 0f; // zeros only under padShort
        }
        if (!allowSilence && Array.TrueForAll(samples, s => s == 0f))
            throw new MediaLoadException(path, MediaProblem.SilentAudio, $"the audio from {start:0.###} s is digital silence (all samples are zero).");
        return new AudioClip(samples, sampleRate, info?.Audio?.Channels ?? 1);
    }

    /// <summary>
    /// The absolute presentation times wanted for <paramref name="times"/>, and FFmpeg's input options and
    /// select expression that decode just the frames on screen then (a window per distinct time).
    /// </summary>
    private static (double[] Wanted, string InputArguments, string Select) PlanFrames(string path, IReadOnlyList<double> times, bool padShort, MediaInfo info)
    {
        var video = info.Video!;
        double period = 1.0 / video.FrameRate;
        double tolerance = period / 4;
        double lastFrameTime = video.StartTime + Math.Max(0, video.Duration - period);
        var wanted = new double[times.Count]; // absolute presentation times
        for (int i = 0; i < times.Count; i++)
        {
            double t = times[i];
            if (!double.IsFinite(t) || t < 0) throw new ArgumentOutOfRangeException(nameof(times), $"Frame time {t} is not a non-negative number.");
            if (t >= video.StartTime + video.Duration - 1e-6)
            {
                if (!padShort)
                    throw new MediaLoadException(path, MediaProblem.TooShort,
                        $"a frame at {t:0.###} s was requested but the video ends at {video.StartTime + video.Duration:0.###} s.");
                t = lastFrameTime;
            }
            wanted[i] = info.StartTime + t;
        }

        // Windows (T - 3/4 P, T + 1/4 P] each hold exactly the frame on screen at T; overlapping ones merge.
        var windows = wanted.Distinct().Order().Select(T => (From: T - period + tolerance, To: T + tolerance)).ToList();
        var merged = new List<(double From, double To)>();
        foreach (var w in windows)
        {
            if (merged.Count > 0 && w.From <= merged[^1].To + 1e-9) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, w.To));
            else merged.Add(w);
        }
        var select = string.Join("+", merged.Select(w => string.Create(CultureInfo.InvariantCulture, $"gt(t\\,{w.From:R})*lte(t\\,{w.To:R})")));
        double seek = merged[0].From - SeekMargin;
        string input = seek > 0 ? string.Create(CultureInfo.InvariantCulture, $"-copyts -ss {seek:0.######}") : "-copyts";
        return (wanted, input, select);
    }

    private static ArraySegment<byte> RunVideo(string path, FrameFormat format, string inputArguments, string? selectExpression,
        long expectedBytes, CancellationToken cancellationToken, out List<double> ptsTimes)
    {
        var (output, errors) = Run(path, VideoCommand(path, format, inputArguments, selectExpression), expectedBytes, cancellationToken);
        ptsTimes = [];
        foreach (var line in errors)
        {
            var m = ShowInfoPts().Match(line);
            if (m.Success) ptsTimes.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return output;
    }

    private static FFMpegArgumentProcessor VideoCommand(string path, FrameFormat format, string inputArguments, string? selectExpression)
    {
        string filters = selectExpression is null
            ? format.FilterChain
            : $"select='{selectExpression}',showinfo,{format.FilterChain}";
        return FFMpegArguments
            .FromFileInput(path, verifyExists: false, o => { if (inputArguments.Length > 0) o.WithCustomArgument(inputArguments); })
            .OutputToUrl(StandardOutput, o => o
                .WithCustomArgument($"-an -sn -dn -vf \"{filters}\" -fps_mode passthrough" + (selectExpression is null ? " -frames:v 1" : ""))
                .ForceFormat("rawvideo")
                .WithCustomArgument("-pix_fmt rgb24"));
    }

    private static float[] RunAudio(string path, int sampleRate, double? limitSeconds, CancellationToken cancellationToken)
    {
        long expectedBytes = limitSeconds is double limit ? (long)Math.Min(MaxPresizedOutput, Math.Ceiling(limit * sampleRate) * sizeof(float)) : 0;
        var (output, _) = Run(path, AudioCommand(path, sampleRate, limitSeconds), expectedBytes, cancellationToken);
        return MemoryMarshal.Cast<byte, float>(output).ToArray();
    }

    private static FFMpegArgumentProcessor AudioCommand(string path, int sampleRate, double? limitSeconds) => FFMpegArguments
        .FromFileInput(path, verifyExists: false)
        .OutputToUrl(StandardOutput, o =>
        {
            o.WithCustomArgument(string.Create(CultureInfo.InvariantCulture, $"-vn -sn -dn -ac 1 -ar {sampleRate}"));
            if (limitSeconds is double limit) o.WithCustomArgument(string.Create(CultureInfo.InvariantCulture, $"-t {limit:0.######}"));
            o.ForceFormat("f32le");
        });

    /// <summary>Seconds of audio to decode from the media start for a window (a margin covers the stream's start offset).</summary>
    private static double? AudioLimit(double start, double? duration) => duration is double d ? start + d + 0.5 : null;

    /// <summary>
    /// The FFmpeg command-line arguments <see cref="DecodeFrames"/> runs for these inputs (for benchmarks that
    /// time the FFmpeg command line itself).
    /// </summary>
    internal static string FramesArguments(string path, IReadOnlyList<double> times, FrameFormat format, bool padShort, MediaInfo info)
    {
        if (info.IsStillImage) return CommandLine(VideoCommand(path, format, "", null));
        var (_, input, select) = PlanFrames(path, times, padShort, info);
        return CommandLine(VideoCommand(path, format, input, select));
    }

    /// <summary>The FFmpeg command-line arguments <see cref="DecodeAudio"/> runs for a non-WAV file.</summary>
    internal static string AudioArguments(string path, int sampleRate, double start, double? duration) =>
        CommandLine(AudioCommand(path, sampleRate, AudioLimit(start, duration)));

    private static string CommandLine(FFMpegArgumentProcessor processor) => "-nostdin -hide_banner " + processor.Arguments;

    /// <summary>
    /// Runs the FFmpeg command FFMpegCore built, reading the raw output from the process's standard-output pipe
    /// to its end before looking at the exit code. (FFMpegCore's own pipe sink cancels its reader when the process
    /// exits, so a reader that is still behind, as under a busy thread pool, loses the tail of the output.)
    /// </summary>
    private static (ArraySegment<byte> Output, List<string> Errors) Run(string path, FFMpegArgumentProcessor processor, long expectedBytes,
        CancellationToken cancellationToken)
    {
        FfmpegTools.EnsureAvailable();
        var start = new ProcessStartInfo(GlobalFFOptions.GetFFMpegBinaryPath(), CommandLine(processor))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var errors = new List<string>();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"FFmpeg could not be started ({e.Message}).", e);
        }
        process.BeginErrorReadLine();
        // Sized for the expected output, the stream neither regrows nor is copied out (a guess past the cap just grows).
        using var output = new MemoryStream((int)Math.Clamp(expectedBytes, 0, MaxPresizedOutput));
        using (cancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
        {
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit(); // also drains the asynchronous standard-error reader
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            string error;
            lock (errors) error = errors.LastOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? $"exit code {process.ExitCode}";
            throw new MediaLoadException(path, MediaProblem.Corrupt, $"FFmpeg cannot decode the file ({error.Trim()}).");
        }
        return (output.TryGetBuffer(out var written) ? written : output.ToArray(), errors);
    }

    private static AudioClip ReadWav(string path)
    {
        try
        {
            return WavFile.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new MediaLoadException(path, MediaProblem.Corrupt, e.Message, e);
        }
    }

    private static void CheckReadable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new MediaLoadException(path, MediaProblem.Missing, "the file does not exist.");
        if (new FileInfo(path).Length == 0) throw new MediaLoadException(path, MediaProblem.Corrupt, "the file is empty (0 bytes).");
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;

    [GeneratedRegex(@"\bpts_time:\s*(-?[0-9.]+(?:e[-+]?[0-9]+)?)")]
    private static partial Regex ShowInfoPts();
}
