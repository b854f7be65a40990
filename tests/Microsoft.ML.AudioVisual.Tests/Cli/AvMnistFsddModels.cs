using Microsoft.ML.AudioVisual.Cli;
using Xunit;

namespace Microsoft.ML.AudioVisual.Tests.Cli;

/// <summary>
/// Trains, once for all the tests that need them, an AvcEmbedding model and a SoundLocalizer on the real
/// AV-MNIST-FSDD training split, through the <c>avl train</c> verbs. A fixed number of epochs (seeded) makes the
/// models the same on every machine; a time limit on a busy machine once stopped the AVC training early enough to
/// fail its 90 % bar (89.2 %). The generous time limits only stop a run that hangs.
/// </summary>
public sealed class AvMnistFsddModels : IDisposable
{
    // About 18 s (AVC) and 23 s (localizer) per epoch with 2 threads on a quiet machine: 1.8 and 1.2 minutes.
    public const int AvcEpochs = 6;
    public const int LocalizerEpochs = 3;
    private const string SafetyMinutes = "10";

    private readonly TempFolder _folder = new();
    private readonly Lazy<string> _avc;
    private readonly Lazy<string> _localizer;

    public AvMnistFsddModels()
    {
        _avc = new(() => Train("avc.zip", "avc", AvcEpochs));
        _localizer = new(() => Train("localizer.zip", "localizer", LocalizerEpochs, "--init", AvcModel, "--pairs", "6400"));
    }

    public static string Fsdd => SharedData.Path("data", "fsdd", "recordings");

    public static string Mnist => SharedData.Path("data", "mnist");

    public string AvcModel => _avc.Value;

    public string LocalizerModel => _localizer.Value;

    public string Folder => _folder.Path;

    private string Train(string file, string verb, int epochs, params string[] extra)
    {
        var path = _folder.File(file);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = AvlApp.Run(["train", verb, "--fsdd", Fsdd, "--mnist", Mnist, "--out", path, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-minutes", SafetyMinutes, "--threads", "2", .. extra], output, error);
        if (exit != 0) throw new InvalidOperationException($"avl train {verb} failed ({exit}): {error}\n{output}");
        if (!output.ToString().Contains($"({epochs} epochs", StringComparison.Ordinal))
            throw new InvalidOperationException($"avl train {verb} stopped before {epochs} epochs (safety limit {SafetyMinutes} minutes):\n{output}");
        return path;
    }

    public void Dispose() => _folder.Dispose();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AvMnistFsddCollection : ICollectionFixture<AvMnistFsddModels>
{
    public const string Name = "AV-MNIST-FSDD models";
}
