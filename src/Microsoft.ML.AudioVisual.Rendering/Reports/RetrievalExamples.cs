using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.AudioVisual.Datasets;
using Microsoft.ML.AudioVisual.Evaluation;
using Microsoft.ML.AudioVisual.IO;

namespace Microsoft.ML.AudioVisual.Rendering.Reports;

/// <summary>
/// Retrieval examples in a run folder: <see cref="FileName"/> holds <c>{"title", "examples": [{"query": ITEM,
/// "neighbours": [ITEM, ...]}]}</c>, where an ITEM is <c>{"image": "PNG path", "audio": "WAV path", "label",
/// "distance"}</c> (paths relative to the JSON file, each part optional). The page shows each query with its
/// neighbours in rank order, a neighbour of the query's label outlined in green, any other in red.
/// </summary>
public static class RetrievalExamples
{
    /// <summary>The file name the report looks for.</summary>
    public const string FileName = "retrieval_examples.json";

    /// <summary>The sub-folder of the run folder that <see cref="WriteAudioToImage"/> puts its pictures in.</summary>
    public const string MediaFolder = "retrieval";

    /// <summary>
    /// Writes audio-to-image retrieval examples of a labelled set into <paramref name="runDirectory"/>: for the first
    /// sound of each of the first <paramref name="queries"/> labels, its spectrogram and its <paramref name="neighbours"/>
    /// nearest images by embedding distance, as PNGs under <see cref="MediaFolder"/> and described in <see cref="FileName"/>.
    /// </summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="data">The sounds (spectrograms <c>[bins, frames]</c>) and images (<c>[C, H, W]</c>) with their labels.</param>
    /// <param name="audioEmbeddings">One embedding per sound of <paramref name="data"/>.</param>
    /// <param name="imageEmbeddings">One embedding per image of <paramref name="data"/>, in the sounds' space.</param>
    /// <param name="queries">How many query sounds (one per label, in label order).</param>
    /// <param name="neighbours">Images shown per query.</param>
    /// <param name="title">The section title on the page.</param>
    /// <exception cref="ArgumentException">The embeddings do not match the data's counts.</exception>
    public static void WriteAudioToImage(string runDirectory, AudioVisualExamples data, float[][] audioEmbeddings, float[][] imageEmbeddings,
        int queries = 5, int neighbours = 5, string title = "Retrieval examples: a sound and its nearest images")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(audioEmbeddings);
        ArgumentNullException.ThrowIfNull(imageEmbeddings);
        if (audioEmbeddings.Length != data.Spectrograms.Count || imageEmbeddings.Length != data.Images.Count)
            throw new ArgumentException($"Got {audioEmbeddings.Length} audio and {imageEmbeddings.Length} image embeddings for {data.Spectrograms.Count} sounds and {data.Images.Count} images.");
        if (data.SpectrogramShape.Length != 2 || data.ImageShape.Length != 3)
            throw new ArgumentException("Retrieval examples need spectrograms of shape [bins, frames] and images of shape [C, H, W].", nameof(data));
        var media = Path.Combine(runDirectory, MediaFolder);
        Directory.CreateDirectory(media);
        int scale = Math.Max(1, 96 / Math.Max(1, data.ImageShape[2]));
        var examples = new JsonArray();
        var firstOfLabel = Enumerable.Range(0, data.AudioLabels.Count).GroupBy(i => data.AudioLabels[i]).OrderBy(g => g.Key).Select(g => g.First()).Take(queries);
        foreach (int query in firstOfLabel)
        {
            string queryFile = $"{MediaFolder}/query{query}.png";
            var spectrogram = SpectrogramPicture.Png(data.Spectrograms[query], data.SpectrogramShape[0], data.SpectrogramShape[1]);
            AtomicFile.Write(Path.Combine(runDirectory, queryFile), s => s.Write(spectrogram));
            var found = new JsonArray();
            foreach (var neighbour in RetrievalMetrics.Rank(audioEmbeddings[query], imageEmbeddings, neighbours))
            {
                string imageFile = $"{MediaFolder}/image{neighbour.Index}.png";
                var png = SpectrogramPicture.ImagePng(data.Images[neighbour.Index], data.ImageShape[0], data.ImageShape[1], data.ImageShape[2], scale);
                AtomicFile.Write(Path.Combine(runDirectory, imageFile), s => s.Write(png));
                found.Add(new JsonObject { ["image"] = imageFile, ["label"] = data.ImageLabels[neighbour.Index].ToString(System.Globalization.CultureInfo.InvariantCulture), ["distance"] = neighbour.Distance });
            }
            examples.Add(new JsonObject
            {
                ["query"] = new JsonObject { ["image"] = queryFile, ["label"] = data.AudioLabels[query].ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["neighbours"] = found,
            });
        }
        var json = new JsonObject { ["title"] = title, ["examples"] = examples };
        AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    internal static void Write(HtmlWriter html, string root, string file, ISet<string> referenced, List<string> problems)
    {
        if (ReportJson.TryRead(Path.Combine(root, file), out var problem) is not { } json) { problems.Add(problem!); return; }
        html.Heading(2, json["title"]?.ToString() ?? "Retrieval examples");
        if (json["examples"] is not JsonArray examples) { problems.Add($"{file}: no \"examples\" array."); return; }
        string folder = Path.GetDirectoryName(file) ?? "";
        foreach (var example in examples.OfType<JsonObject>())
        {
            if (example["query"] is not JsonObject query) continue;
            string? queryLabel = query["label"]?.ToString();
            html.BeginRow();
            Item(html, root, folder, query, $"query{(queryLabel is null ? "" : $" ({queryLabel})")}", referenced, problems);
            int rank = 1;
            foreach (var neighbour in (example["neighbours"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string? label = neighbour["label"]?.ToString();
                string distance = ReportJson.Number(neighbour["distance"]) is double d ? $", distance {HtmlWriter.Number(d)}" : "";
                bool? match = queryLabel is null || label is null ? null : label == queryLabel;
                Item(html, root, folder, neighbour, $"#{rank++}{(label is null ? "" : $" ({label})")}{distance}{(match == true ? " ✓" : match == false ? " ✗" : "")}", referenced, problems);
            }
            html.EndRow();
        }
    }

    private static void Item(HtmlWriter html, string root, string folder, JsonObject item, string caption, ISet<string> referenced, List<string> problems)
    {
        byte[]? png = null;
        string? audio = null;
        if (item["image"]?.ToString() is { } image)
        {
            var path = Path.Combine(folder, image);
            referenced.Add(path);
            if (File.Exists(Path.Combine(root, path))) png = File.ReadAllBytes(Path.Combine(root, path));
            else problems.Add($"{path}: missing (named in {FileName}).");
        }
        if (item["audio"]?.ToString() is { } sound)
        {
            var path = Path.Combine(folder, sound);
            referenced.Add(path);
            if (RunReport.TrySound(Path.Combine(root, path), out var problem) is var (spectrogram, wav))
            {
                png ??= spectrogram;
                audio = HtmlWriter.DataUri("audio/wav", wav);
            }
            else problems.Add($"{path}: {problem}");
        }
        if (png is not null) html.Figure(png, caption, width: 96, audioWav: audio);
    }
}
