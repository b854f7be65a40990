using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Loads the checkpoints of the official Sound of Pixels code (hangzhaomit/Sound-of-Pixels) into a
/// <see cref="SoundOfPixelsNetwork"/>. Its training saves one <c>torch.save(net.state_dict())</c> file per network
/// (<c>sound_best.pth</c>, <c>frame_best.pth</c>, <c>synthesizer_best.pth</c>); both torch.save formats are read.
/// </summary>
/// <remarks>
/// The U-Net depth, its base width and K are read from the files (the official <c>unet5</c>/<c>unet6</c>/<c>unet7</c>
/// and any <c>num_channels</c> load); the frame net must be the official <c>resnet18dilated</c>. The image activation
/// is not stored in the files: it is sigmoid (the official default) unless given. BatchNorm's
/// <c>num_batches_tracked</c> is optional (PyTorch 0.4.0 did not save it); keys of a <c>DataParallel</c>-wrapped
/// network (<c>module.</c> prefix) are accepted.
/// </remarks>
internal static class SoundOfPixelsCheckpoint
{
    private const string DataParallelPrefix = "module.";
    private const int MaxListedKeys = 8;

    /// <summary>Builds the network described by the three files and loads their weights (evaluation mode).</summary>
    /// <param name="sound">The sound net's state dict (e.g. <c>sound_best.pth</c>).</param>
    /// <param name="frame">The frame net's state dict (e.g. <c>frame_best.pth</c>).</param>
    /// <param name="synthesizer">The synthesizer's state dict (e.g. <c>synthesizer_best.pth</c>).</param>
    /// <param name="imageActivation">The activation the model was trained with (the official <c>--img_activation</c>).</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is unreadable or does not match the official architecture; the message names the file and lists the missing or unexpected keys and the shape mismatches.</exception>
    public static SoundOfPixelsNetwork Load(string sound, string frame, string synthesizer, FeatureActivation imageActivation = FeatureActivation.Sigmoid)
    {
        var soundState = ReadState(sound);
        var frameState = ReadState(frame);
        var synthesizerState = ReadState(synthesizer);
        SoundOfPixelsNetwork? network = null;
        try
        {
            var architecture = InferArchitecture(sound, soundState, synthesizer, synthesizerState) with { ImageActivation = imageActivation };
            network = new SoundOfPixelsNetwork(architecture);
            Copy(network.Sound, soundState, key => OfficialCheckpointNames.Sound(key, architecture.Downs), sound, "sound net (official Unet)");
            Copy(network.Frame, frameState, OfficialCheckpointNames.Frame, frame, "frame net (official ResnetDilated on resnet18)");
            Copy(network.Synthesizer, synthesizerState, key => key, synthesizer, "synthesizer (official InnerProd)");
            network.eval();
            return network;
        }
        catch
        {
            network?.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in soundState.Values.Concat(frameState.Values).Concat(synthesizerState.Values)) tensor.Dispose();
        }
    }

    /// <summary>The paper architecture with the depth, width and K found in the sound net and synthesizer files.</summary>
    private static SeparationArchitecture InferArchitecture(string soundPath, Dictionary<string, Tensor> sound, string synthesizerPath, Dictionary<string, Tensor> synthesizer)
    {
        const string firstConvolution = "unet_block.model.0.weight";
        if (!sound.TryGetValue(firstConvolution, out var first) || first.dim() != 4)
            throw new InvalidDataException($"The checkpoint '{soundPath}' is not an official sound net: it has no 4-d '{firstConvolution}'. Keys: {List(sound.Keys)}.");
        if (!synthesizer.TryGetValue("scale", out var scale) || scale.dim() != 1)
            throw new InvalidDataException($"The checkpoint '{synthesizerPath}' is not an official synthesizer (InnerProd): it has no 1-d 'scale'. Keys: {List(synthesizer.Keys)}.");
        int downs = OfficialCheckpointNames.SoundDowns(sound.Keys);
        if (downs > SeparationArchitecture.MaxDowns)
            throw new InvalidDataException($"The checkpoint '{soundPath}' nests {downs} U-Net levels; at most {SeparationArchitecture.MaxDowns} are supported.");
        return SeparationArchitecture.Paper with { Downs = downs, Width = (int)first.shape[0], Channels = (int)scale.shape[0] };
    }

    private static Dictionary<string, Tensor> ReadState(string path)
    {
        var state = TorchCheckpointFile.Read(path);
        if (state.Count > 0 && state.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal)))
            state = state.ToDictionary(p => p.Key[DataParallelPrefix.Length..], p => p.Value);
        return state;
    }

    /// <summary>Checks every name and shape first, then copies; nothing is copied when anything is wrong.</summary>
    private static void Copy(nn.Module target, Dictionary<string, Tensor> source, Func<string, string> officialName, string path, string part)
    {
        var ours = target.state_dict();
        var used = new HashSet<string>();
        var missing = new List<string>();
        var mismatched = new List<string>();
        var pairs = new List<(Tensor To, Tensor From)>();
        foreach (var (key, to) in ours)
        {
            string name = officialName(key);
            if (!source.TryGetValue(name, out var from))
            {
                // PyTorch 0.4.0 did not save BatchNorm's step counter; inference does not use it.
                if (!key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) missing.Add(name);
                continue;
            }
            used.Add(name);
            bool sameShape = to.shape.SequenceEqual(from.shape) || (to.numel() == 1 && from.numel() == 1);
            if (!sameShape)
                mismatched.Add($"{name}: file [{string.Join(", ", from.shape)}], network [{string.Join(", ", to.shape)}]");
            else
                pairs.Add((to, from));
        }
        var unexpected = source.Keys.Where(k => !used.Contains(k)).ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing keys ({missing.Count}): {List(missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected keys ({unexpected.Count}): {List(unexpected)}");
            if (mismatched.Count > 0) problems.Add($"shape mismatches ({mismatched.Count}): {List(mismatched)}");
            throw new InvalidDataException($"The checkpoint '{path}' does not match the {part}: {string.Join("; ", problems)}.");
        }

        using var noGrad = no_grad();
        foreach (var (to, from) in pairs)
        {
            using var converted = from.to(to.dtype).reshape(to.shape);
            to.copy_(converted);
        }
    }

    private static string List(IEnumerable<string> keys)
    {
        var all = keys.ToList();
        string shown = string.Join(", ", all.Take(MaxListedKeys));
        return all.Count > MaxListedKeys ? $"{shown}, ... ({all.Count - MaxListedKeys} more)" : shown;
    }
}
