using System.CommandLine;
using Microsoft.ML.AudioVisual.Correspondence;
using Microsoft.ML.AudioVisual.Downstream;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>The data-set, feature and protocol options shared by <c>avl eval classify</c> and <c>avl sweep</c>.</summary>
internal sealed class DownstreamArguments
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Layout: esc50, dcase, ucf101 or folder (one sub-folder per class).", Required = true };
    public Option<string> Root { get; } = new("--root") { Description = "The data set folder.", Required = true };
    public Option<string> Features { get; } = new("--features") { Description = "logmel (64-band log-mel mean/std baseline) or an AvcEmbedding model file.", Required = true };
    public Option<int?> Folds { get; } = new("--folds") { Description = "K-fold cross-validation (stratified); default: the data set's declared split or folds." };
    public Option<string?> GroupBy { get; } = new("--group-by") { Description = "With --folds: keep items sharing this column in one fold (e.g. src_file)." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of folds, fits and the sweep.", DefaultValueFactory = _ => 0 };
    public Option<string?> Pooling { get; } = new("--pooling") { Description = "Time pooling of window features: mean, max or meanstd (default: meanstd for logmel, mean for a model)." };
    public Option<bool> Esc10 { get; } = new("--esc10") { Description = "esc50: keep only the ESC-10 rows." };
    public Option<int> Ucf101Split { get; } = new("--ucf101-split") { Description = "ucf101: official split 1, 2 or 3.", DefaultValueFactory = _ => 1 };
    public Option<string?> Meta { get; } = new("--meta") { Description = "dcase: metadata table (default: meta.csv/meta.txt in the root, else folders per class)." };
    public Option<string?> SplitFile { get; } = new("--split-file") { Description = "dcase: file,train|test split file." };
    public Option<string?> Modality { get; } = new("--modality") { Description = "folder: audio, image or video (default: inferred from the files)." };
    public Option<int> VideoWindows { get; } = new("--video-windows") { Description = "Model features on video: windows per video.", DefaultValueFactory = _ => 8 };
    public Option<string> Json { get; } = new("--json") { Description = "Report file to write.", Required = true };

    public DownstreamArguments()
    {
        Dataset.AcceptOnlyFromAmong([.. DownstreamDatasets.Layouts]);
        Modality.AcceptOnlyFromAmong("audio", "image", "video");
        Pooling.AcceptOnlyFromAmong("mean", "max", "meanstd");
    }

    public IEnumerable<Option> All => [Dataset, Root, Features, Folds, GroupBy, Seed, Pooling, Esc10, Ucf101Split, Meta, SplitFile, Modality, VideoWindows, Json];

    public DownstreamDataset LoadDataset(ParseResult parse) => DownstreamDatasets.Load(parse.GetValue(Dataset)!, parse.GetValue(Root)!, new DownstreamDatasetOptions
    {
        Esc10Only = parse.GetValue(Esc10),
        Ucf101Split = parse.GetValue(Ucf101Split),
        MetadataFile = parse.GetValue(Meta),
        SplitFile = parse.GetValue(SplitFile),
        Modality = parse.GetValue(Modality) is { } m ? Enum.Parse<MediaModality>(m, ignoreCase: true) : null,
    });

    public DownstreamRunOptions RunOptions(ParseResult parse, CliOutput io, string? exportFolder = null) => new()
    {
        Folds = parse.GetValue(Folds),
        GroupBy = parse.GetValue(GroupBy),
        Seed = parse.GetValue(Seed),
        Pooling = parse.GetValue(Pooling) is { } p ? TimePool.Parse(p) : null,
        ExportFolder = exportFolder,
        Status = new LineProgress(io.Out.WriteLine),
    };

    /// <summary>The features named by <c>--features</c>: the log-mel baseline, or a model (with the log-mel baseline beside it).</summary>
    public DownstreamFeatureChoice OpenFeatures(ParseResult parse, MLContext context, DownstreamDataset dataset)
    {
        string features = parse.GetValue(Features)!;
        if (string.Equals(features, "logmel", StringComparison.OrdinalIgnoreCase)) return new DownstreamFeatureChoice(new LogMelFrameFeatures(), null, null);
        if (!File.Exists(features)) throw new CliUsageException($"--features must be 'logmel' or an AvcEmbedding model file; '{features}' does not exist.");
        var model = context.AudioVisual().LoadTransformer<AvcEmbeddingTransformer>(features);
        try
        {
            return new DownstreamFeatureChoice(new AvcEmbeddingFeatures(model, dataset.Modality, parse.GetValue(VideoWindows)), new LogMelFrameFeatures(), model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Writes each report as a line, on the reporting thread.</summary>
    private sealed class LineProgress(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }
}

/// <summary>The chosen features, the baseline to compare a model with, and the model to dispose.</summary>
internal sealed record DownstreamFeatureChoice(IClipFeatureExtractor Features, IClipFeatureExtractor? Baseline, IDisposable? Model) : IDisposable
{
    public bool IsModel => Model is not null;

    public void Dispose() => Model?.Dispose();
}
