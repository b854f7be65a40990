using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>
/// Renders what a run folder holds as one self-contained HTML page (<see cref="FileName"/>): the metrics of its
/// JSON reports with their confusion matrices, training curves from its training logs (<c>training.json</c> or
/// <c>*.training.json</c>), retrieval examples (<see cref="RetrievalExamples"/>), its PNG images (e.g. heat-map
/// overlays) and, for every WAV file, a spectrogram with an audio player. Images and sounds are embedded as
/// <c>data:</c> URIs: the page needs no network and no other file.
/// </summary>
/// <remarks>
/// Files are taken in ordinal name order from the folder and its sub-folders, except hidden ones and the page
/// itself. Unreadable files do not stop the page: each is named with the reason in a "Not shown" list.
/// </remarks>
public static class RunReport
{
    /// <summary>The page's file name inside the run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The suffix of training logs (also accepted: a file named exactly <c>training.json</c>).</summary>
    public const string TrainingLogSuffix = "training.json";

    /// <summary>Sound files with more samples than this (about 30 s at 16 kHz) are shown in their first part only.</summary>
    public const int MaxAudioSamples = 480_000;

    /// <summary>At most this many images and as many sounds are embedded, so the page stays small enough to open.</summary>
    public const int MaxMediaFiles = 60;

    /// <summary>Renders the page for <paramref name="runDirectory"/> and returns its HTML.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Render(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        if (!Directory.Exists(runDirectory)) throw new DirectoryNotFoundException($"Run folder '{runDirectory}' does not exist.");
        var root = Path.GetFullPath(runDirectory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')) && f != FileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var problems = new List<string>();
        var html = new HtmlWriter($"Run report: {Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar))}");
        html.Paragraph($"Folder {root}, rendered {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC from {files.Count} files.", note: true);

        var json = files.Where(f => Has(f, ".json")).ToList();
        var logs = json.Where(IsTrainingLog).ToList();
        var retrieval = json.Where(f => Path.GetFileName(f) == RetrievalExamples.FileName).ToList();
        var metrics = json.Except(logs).Except(retrieval).ToList();
        var referenced = new HashSet<string>(StringComparer.Ordinal);

        if (metrics.Count > 0)
        {
            html.Heading(2, "Metrics");
            foreach (var file in metrics)
            {
                if (ReportJson.TryRead(Path.Combine(root, file), out var problem) is { } report) MetricsSection.Write(html, file, report);
                else problems.Add(problem!);
            }
        }
        if (logs.Count > 0)
        {
            html.Heading(2, "Training curves");
            html.BeginRow();
            foreach (var file in logs)
            {
                if (ReportJson.TryRead(Path.Combine(root, file), out var problem) is not { } log) { problems.Add(problem!); continue; }
                var plots = TrainingCurvePlot.Render(log, file);
                if (plots.Count == 0) problems.Add($"{file}: no epochs recorded.");
                foreach (var (caption, png) in plots) html.Figure(png, caption);
            }
            html.EndRow();
        }
        foreach (var file in retrieval) RetrievalExamples.Write(html, root, file, referenced, problems);

        var images = files.Where(f => Has(f, ".png") && !referenced.Contains(f)).ToList();
        if (images.Count > 0)
        {
            html.Heading(2, "Images");
            html.BeginRow();
            foreach (var file in images.Take(MaxMediaFiles))
            {
                var png = File.ReadAllBytes(Path.Combine(root, file));
                if (IsDecodable(png)) html.Figure(png, file);
                else problems.Add($"{file}: not a readable PNG image.");
            }
            html.EndRow();
            if (images.Count > MaxMediaFiles) problems.Add($"{images.Count - MaxMediaFiles} more PNG files (at most {MaxMediaFiles} are embedded).");
        }
        var sounds = files.Where(f => Has(f, ".wav") && !referenced.Contains(f)).ToList();
        if (sounds.Count > 0)
        {
            html.Heading(2, "Sounds");
            html.BeginRow();
            foreach (var file in sounds.Take(MaxMediaFiles))
            {
                if (TrySound(Path.Combine(root, file), out var problem) is var (png, wav)) html.Figure(png, file, audioWav: HtmlWriter.DataUri("audio/wav", wav));
                else problems.Add($"{file}: {problem}");
            }
            html.EndRow();
            if (sounds.Count > MaxMediaFiles) problems.Add($"{sounds.Count - MaxMediaFiles} more WAV files (at most {MaxMediaFiles} are embedded).");
        }
        if (metrics.Count + logs.Count + retrieval.Count + images.Count + sounds.Count == 0)
            html.Paragraph("The folder holds no JSON report, training log, PNG image or WAV sound.");
        if (problems.Count > 0)
        {
            html.Heading(2, "Not shown");
            html.Table(["file and reason"], problems.Select(p => (IReadOnlyList<string>)[p]));
        }
        return html.Finish();
    }

    /// <summary>Renders the page for <paramref name="runDirectory"/> and writes it atomically to <paramref name="outputPath"/> (default: <see cref="FileName"/> in the folder).</summary>
    /// <returns>The path written.</returns>
    public static string Write(string runDirectory, string? outputPath = null)
    {
        var html = Render(runDirectory);
        var path = outputPath ?? Path.Combine(runDirectory, FileName);
        AtomicFile.WriteAllText(path, html);
        return path;
    }

    /// <summary>The spectrogram and playable WAV of a sound file, or null with the reason.</summary>
    internal static (byte[] Png, byte[] Wav)? TrySound(string path, out string? problem)
    {
        problem = null;
        try
        {
            var clip = WavFile.Read(path);
            if (clip.Samples.Length == 0) { problem = "no samples."; return null; }
            if (clip.Samples.Length > MaxAudioSamples) clip = clip with { Samples = clip.Samples[..MaxAudioSamples] };
            return SpectrogramPicture.Render(clip);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static bool IsDecodable(byte[] png)
    {
        using var codec = SkiaSharp.SKCodec.Create(new MemoryStream(png));
        return codec is not null && codec.Info.Width > 0 && codec.Info.Height > 0;
    }

    private static bool IsTrainingLog(string file) => Path.GetFileName(file) == TrainingLogSuffix || file.EndsWith("." + TrainingLogSuffix, StringComparison.Ordinal);

    private static bool Has(string file, string extension) => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
