using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML.AudioVisual.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>
/// The state after a finished epoch: network weights, optimizer state and the epoch number, tagged with a
/// fingerprint of the settings and data so that only the same run resumes from it. Written atomically, so
/// a crash mid-write leaves the previous checkpoint intact. Sampling is seeded per epoch, so resuming at
/// epoch k replays exactly what an uninterrupted run would have done.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string FileName = "checkpoint.zip";

    public sealed record State(int CompletedEpochs, string Fingerprint, int Steps = 0);

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static void Save(string directory, int completedEpochs, int steps, string fingerprint, nn.Module model, optim.Optimizer optimizer)
    {
        AtomicFile.Write(PathIn(directory), stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var s = zip.CreateEntry("state.json").Open())
                JsonSerializer.Serialize(s, new State(completedEpochs, fingerprint, steps));
            using (var s = zip.CreateEntry("model.bin").Open())
            using (var w = new BinaryWriter(s))
                model.save(w);
            using (var s = zip.CreateEntry("optimizer.bin").Open())
            using (var w = new BinaryWriter(s))
                ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(w);
        });
    }

    /// <summary>Loads a checkpoint of the same run into the model and optimizer; returns the completed epochs and steps, or zeros when there is none.</summary>
    /// <exception cref="InvalidOperationException">A checkpoint of different settings or data is in the folder.</exception>
    public static (int Epochs, int Steps) TryResume(string directory, string fingerprint, nn.Module model, optim.Optimizer optimizer)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return (0, 0);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            State state;
            using (var s = Entry(zip, "state.json").Open())
                state = JsonSerializer.Deserialize<State>(s) ?? throw new InvalidDataException("state.json is empty");
            if (state.Fingerprint != fingerprint)
                throw new InvalidOperationException(
                    $"The checkpoint '{path}' belongs to a run with other settings or data; use another CheckpointDirectory or delete it.");
            using (var s = Buffered(zip, "model.bin"))
            using (var r = new BinaryReader(s))
                model.load(r);
            using (var s = Buffered(zip, "optimizer.bin"))
            using (var r = new BinaryReader(s))
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(r);
            return (state.CompletedEpochs, state.Steps);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is damaged ({e.Message}); delete it to start afresh.", e);
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"the entry '{name}' is missing");

    private static MemoryStream Buffered(ZipArchive zip, string entry)
    {
        var memory = new MemoryStream();
        using (var s = Entry(zip, entry).Open()) s.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }
}
