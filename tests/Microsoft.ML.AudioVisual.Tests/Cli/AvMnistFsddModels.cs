using Microsoft.ML.AudioVisual.Cli;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// Trains, once for all the tests that need them, an AvcEmbedding model and a SoundLocalizer on the real
/// AV-MNIST-FSDD training split, through the <c>avl train</c> verbs (short time limits keep the suite fast).
/// </summary>
public sealed class AvMnistFsddModels : IDisposable
{
    public const double AvcMinutes = 2.5;
    public const double LocalizerMinutes = 1.5;

    private readonly TempFolder _folder = new();
    private readonly Lazy<string> _avc;
    private readonly Lazy<string> _localizer;

    public AvMnistFsddModels()
    {
        _avc = new(() => Train("avc.zip", "avc", "--max-minutes", AvcMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _localizer = new(() => Train("localizer.zip", "localizer", "--init", AvcModel, "--max-minutes",
            LocalizerMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pairs", "6400"));
    }

    public static string Fsdd => SharedData.Path("data", "fsdd", "recordings");

    public static string Mnist => SharedData.Path("data", "mnist");

    public string AvcModel => _avc.Value;

    public string LocalizerModel => _localizer.Value;

    public string Folder => _folder.Path;

    private string Train(string file, string verb, params string[] extra)
    {
        var path = _folder.File(file);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = AvlApp.Run(["train", verb, "--fsdd", Fsdd, "--mnist", Mnist, "--out", path, "--epochs", "50", "--threads", "2", .. extra], output, error);
        if (exit != 0) throw new InvalidOperationException($"avl train {verb} failed ({exit}): {error}\n{output}");
        return path;
    }

    public void Dispose() => _folder.Dispose();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AvMnistFsddCollection : ICollectionFixture<AvMnistFsddModels>
{
    public const string Name = "AV-MNIST-FSDD models";
}
