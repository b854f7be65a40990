using Microsoft.ML.AudioVisual.Spectral;
using Microsoft.ML.Data;

namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// A folder of videos decoded once into an <see cref="AudioVisualExamples"/> set: one example per (video, moment),
/// its frame and the sound around it, labelled by the video. Training takes each example's own frame and sound as
/// the positive and the sound of another video as a negative (<see cref="TrainingView"/>); evaluation scores
/// "same video" as the class (<see cref="Examples"/>: balanced pairs of same and other video, retrieval with
/// same-video relevance, probes on the video id).
/// </summary>
/// <remarks>
/// The moments come from <see cref="VideoCorrespondenceSource.Scan"/> and are decoded by the pipeline
/// <c>LoadVideoFrames -&gt; LogMelSpectrogram</c>, so the spectrogram column's front-end annotation travels into
/// the views and a model trained on them records its front-end. Files without a picture or a sound, and moments
/// whose media cannot be decoded or whose sound is digital silence, are left out and counted.
/// </remarks>
public sealed class VideoFolderExamples
{
    private VideoFolderExamples(AudioVisualExamples examples, IReadOnlyList<string> videos, IReadOnlyList<string> unusableVideos, int skippedMoments)
    {
        Examples = examples;
        Videos = videos;
        UnusableVideos = unusableVideos;
        SkippedMoments = skippedMoments;
    }

    /// <summary>The examples: frames <c>[3, size, size]</c> and spectrograms, both labelled by the index of their video in <see cref="Videos"/>.</summary>
    public AudioVisualExamples Examples { get; }

    /// <summary>The videos that gave examples; a label is an index into this list.</summary>
    public IReadOnlyList<string> Videos { get; }

    /// <summary>Videos that gave no example (no picture or sound, unreadable, too short, or silent throughout).</summary>
    public IReadOnlyList<string> UnusableVideos { get; }

    /// <summary>Moments that were scanned but left out (their media could not be decoded, or the sound was silent).</summary>
    public int SkippedMoments { get; }

    /// <summary>Examples kept.</summary>
    public int Moments => Examples.Spectrograms.Count;

    /// <summary>A one-line account: moments, videos, and what was left out.</summary>
    public string Summary =>
        $"{Moments} moments of {Videos.Count} videos" +
        (SkippedMoments > 0 ? $"; {SkippedMoments} silent or unreadable moments skipped" : "") +
        (UnusableVideos.Count > 0 ? $"; unusable: {string.Join(", ", UnusableVideos.Select(v => System.IO.Path.GetFileName(v)))}" : "");

    /// <summary>
    /// The training rows: <c>Image</c>, <c>Spectrogram</c> (with its front-end annotation), <c>Group</c> and
    /// <c>Label</c> (both the video): a positive pairs a frame with its own sound, a negative with another video's.
    /// </summary>
    public IDataView TrainingView(MLContext context) => Examples.PairsView(context);

    /// <summary>Decodes every moment of every video under <paramref name="folder"/> (sub-folders included, sorted by path).</summary>
    /// <param name="context">The ML.NET context of the decoding pipeline (its log receives a warning per skipped moment).</param>
    /// <param name="folder">The folder of videos.</param>
    /// <param name="options">Frame size, moment step and audio front-end; null for the defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No video gave an example, or fewer than two did (negatives need another video).</exception>
    public static VideoFolderExamples Load(MLContext context, string folder, VideoFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new VideoFolderOptions();
        options.Validate();
        var rows = VideoCorrespondenceSource.Scan(folder, out var unscannable, options.Step, options.ClipSeconds, options.MaxMomentsPerVideo);
        var loader = VideoCorrespondenceSource.LoaderOptions(options.FrameSize, options.FrontEnd.SampleRate, options.ClipSeconds);
        var catalog = context.AudioVisual();
        var pipeline = catalog.LoadVideoFrames(loader)
            .Append(catalog.LogMelSpectrogram(AudioVisualExamples.SpectrogramColumnName, loader.AudioColumnName, options.FrontEnd));
        var source = VideoCorrespondenceSource.Load(context, rows);
        var decoder = pipeline.Fit(source);
        var moments = Decode(context, decoder, rows, loader.FramesColumnName!);
        var byVideo = moments.Select(m => m.VideoId).Distinct().Order().ToArray();
        var pathOf = rows.GroupBy(r => r.VideoId).ToDictionary(g => g.Key, g => g.First().Path);
        var videos = byVideo.Select(id => pathOf[id]).ToArray();
        var unusable = unscannable.Concat(pathOf.Keys.Except(byVideo).Select(id => pathOf[id])).Order(StringComparer.Ordinal).ToArray();
        if (videos.Length < 2)
            throw new InvalidDataException(
                $"Video folder '{folder}' gave examples from {videos.Length} video(s); correspondence needs at least two (negatives take another video's sound). " +
                (unusable.Length > 0 ? $"Unusable: {string.Join(", ", unusable)}." : $"It holds {pathOf.Count} video(s) with a picture and a sound."));

        var label = byVideo.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var labels = moments.Select(m => label[m.VideoId]).ToArray();
        var spectrogramColumn = decoder.GetOutputSchema(source.Schema)[AudioVisualExamples.SpectrogramColumnName];
        var spectrogramShape = ((VectorDataViewType)spectrogramColumn.Type).Dimensions.ToArray();
        var examples = new AudioVisualExamples([3, options.FrameSize, options.FrameSize], moments.Select(m => m.Frame).ToArray(), labels,
            spectrogramShape, moments.Select(m => m.Spectrogram).ToArray(), labels,
            Enumerable.Range(0, moments.Count).Select(i => (i, i)).ToArray(), AudioFrontEndAnnotation.Read(spectrogramColumn));
        return new VideoFolderExamples(examples, videos, unusable, rows.Count - moments.Count);
    }

    private sealed record Moment(int VideoId, float[] Frame, float[] Spectrogram);

    /// <summary>Moments per decoding task: FFmpeg runs one process per moment and modality, so moments are decoded on all cores.</summary>
    private const int ChunkSize = 8;

    /// <summary>Decodes every row exactly once, in chunks on all cores, keeping the rows' order.</summary>
    private static List<Moment> Decode(MLContext context, ITransformer decoder, IReadOnlyList<VideoCorrespondenceSource.Row> rows, string framesColumnName)
    {
        // The views are made on this thread: making one draws from the context's random generator, which is not thread-safe
        // (and later draws, e.g. a probe's shuffling, stay the same from run to run).
        var views = rows.Chunk(ChunkSize).Select(chunk => decoder.Transform(VideoCorrespondenceSource.Load(context, chunk))).ToArray();
        var decoded = new List<Moment>[views.Length];
        Parallel.For(0, views.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => decoded[i] = Read(views[i], framesColumnName));
        return decoded.SelectMany(chunk => chunk).ToList();
    }

    /// <summary>Reads decoded rows (the media of each is decoded here, once).</summary>
    private static List<Moment> Read(IDataView decoded, string framesColumnName)
    {
        var schema = decoded.Schema;
        var frames = schema[framesColumnName];
        var spectrograms = schema[AudioVisualExamples.SpectrogramColumnName];
        var ids = schema[VideoCorrespondenceSource.VideoIdColumnName];
        var moments = new List<Moment>();
        using var cursor = decoded.GetRowCursor([frames, spectrograms, ids]);
        var getFrame = cursor.GetGetter<VBuffer<float>>(frames);
        var getSpectrogram = cursor.GetGetter<VBuffer<float>>(spectrograms);
        var getId = cursor.GetGetter<int>(ids);
        VBuffer<float> frame = default, spectrogram = default;
        int id = 0;
        while (cursor.MoveNext())
        {
            getFrame(ref frame);
            getSpectrogram(ref spectrogram);
            getId(ref id);
            moments.Add(new Moment(id, frame.DenseValues().ToArray(), spectrogram.DenseValues().ToArray()));
        }
        return moments;
    }
}
