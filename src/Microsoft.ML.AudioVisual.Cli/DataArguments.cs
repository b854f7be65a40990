using Microsoft.ML.AudioVisual.Datasets;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Reads the <c>--fsdd DIR --mnist DIR</c> pair of the train and eval verbs.</summary>
internal static class DataArguments
{
    public static AvMnistFsdd Load(string fsdd, string mnist)
    {
        if (!Directory.Exists(fsdd)) throw new DirectoryNotFoundException($"FSDD folder '{fsdd}' does not exist.");
        if (!Directory.Exists(mnist)) throw new DirectoryNotFoundException($"MNIST folder '{mnist}' does not exist.");
        return AvMnistFsdd.Load(fsdd, mnist);
    }

    /// <summary>"test" or "train" restricts evaluation to that official split; "all" (or nothing) evaluates every item given.</summary>
    public static Split ParseSplit(string? split, string optionName = "--split") => split switch
    {
        null or "all" => Split.All,
        "test" => Split.Test,
        "train" => Split.Train,
        _ => throw new CliUsageException($"{optionName} must be all, train or test, got '{split}'."),
    };
}
