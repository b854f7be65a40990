using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Reads the tensors of a PyTorch state dict saved with <c>torch.save(net.state_dict(), path)</c>, in either of
/// torch.save's formats: the zip format (PyTorch 1.6 and later) through TorchSharp.PyBridge, and the legacy format
/// (older PyTorch, such as the official Sound of Pixels checkpoints) through <see cref="LegacyTorchCheckpoint"/>.
/// </summary>
internal static class TorchCheckpointFile
{
    /// <summary>Reads every tensor by name. The caller owns (and disposes) the tensors.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable state dict; the message names the file and the cause.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The checkpoint '{path}' does not exist.", path);
        var header = new byte[4];
        using (var probe = File.OpenRead(path))
        {
            if (probe.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                throw new InvalidDataException($"The checkpoint '{path}' is too short to be a torch.save file.");
        }

        try
        {
            if (header is [0x50, 0x4b, 0x03, 0x04])
                return ReadZip(path);
            if (LegacyTorchCheckpoint.LooksLegacy(header))
            {
                using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
                return LegacyTorchCheckpoint.Read(stream);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PyBridge and Razorvine.Pickle fail with many exception types (NotImplementedException, InvalidCastException,
            // InvalidOperationException, PickleException, ...): the caller needs to know which file, whatever the cause.
            throw new InvalidDataException($"The checkpoint '{path}' could not be read: {e.Message}", e);
        }
        throw new InvalidDataException($"The checkpoint '{path}' is neither a zip (PyTorch >= 1.6) nor a legacy torch.save file.");
    }

    private static Dictionary<string, Tensor> ReadZip(string path)
    {
        Hashtable table = PyTorchUnpickler.UnpickleStateDict(path);
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Value is Tensor tensor) tensors[(string)entry.Key] = tensor;
        }
        return tensors;
    }
}
