namespace Microsoft.ML.AudioVisual.Separation;

/// <summary>
/// Maps our state-dict names to those of the official Sound of Pixels code (hangzhaomit/Sound-of-Pixels), whose
/// networks are saved one file per network.
/// </summary>
/// <remarks>
/// Sound net: the official U-Net nests one block per level (<c>unet_block.model.1.model.3.model.3...</c>); level i's
/// module list is [conv] + [sub] + [ReLU, up-sample, conv] at the outermost level, [LeakyReLU, conv, BN, sub, ReLU,
/// up-sample, conv, BN] in between, and [LeakyReLU, conv, ReLU, up-sample, conv, BN] at the innermost.
/// Frame net: torchvision ResNet-18 children as <c>features.0</c> (conv1), <c>features.1</c> (bn1),
/// <c>features.4</c>-<c>features.7</c> (layer1-layer4), and <c>fc</c> (our <c>projection</c>).
/// </remarks>
internal static class OfficialCheckpointNames
{
    /// <summary>The official name of a key of <see cref="SoundUNet"/>'s state dict, for a U-Net of <paramref name="downs"/> levels.</summary>
    public static string Sound(string key, int downs)
    {
        if (key.StartsWith("inputNorm.", StringComparison.Ordinal)) return "bn0." + key["inputNorm.".Length..];
        string[] parts = key.Split('.', 4); // encoder|decoder, level, conv|norm, tensor
        if (parts.Length != 4 || !int.TryParse(parts[1], out int level)) return key;
        string prefix = level == 0 ? "unet_block.model." : "unet_block.model.1." + string.Concat(Enumerable.Repeat("model.3.", level - 1)) + "model.";
        bool innermost = level == downs - 1;
        string index = (parts[0], parts[2]) switch
        {
            ("encoder", "conv") => level == 0 ? "0" : "1",
            ("encoder", "norm") => "2",
            ("decoder", "conv") => level == 0 || innermost ? "4" : "6",
            ("decoder", "norm") => innermost ? "5" : "7",
            _ => parts[0] + "." + parts[1] + "." + parts[2],
        };
        return prefix + index + "." + parts[3];
    }

    /// <summary>The official name of a key of <see cref="DilatedResNet18"/>'s state dict.</summary>
    public static string Frame(string key)
    {
        if (key.StartsWith("conv1.", StringComparison.Ordinal)) return "features.0." + key["conv1.".Length..];
        if (key.StartsWith("bn1.", StringComparison.Ordinal)) return "features.1." + key["bn1.".Length..];
        if (key.StartsWith("projection.", StringComparison.Ordinal)) return "fc." + key["projection.".Length..];
        if (key.StartsWith("layer", StringComparison.Ordinal) && key.Length > 6 && char.IsDigit(key[5]) && key[6] == '.')
            return $"features.{3 + (key[5] - '0')}.{key[7..]}";
        return key;
    }

    /// <summary>The official <c>U-Net</c> depth of a sound-net state dict: the innermost level nests "model.3." Downs - 2 times.</summary>
    public static int SoundDowns(IEnumerable<string> officialKeys)
    {
        int deepest = 0;
        foreach (string key in officialKeys)
        {
            if (!key.StartsWith("unet_block.model.1.", StringComparison.Ordinal)) continue;
            int depth = 0;
            for (int at = "unet_block.model.1.".Length; key.AsSpan(at).StartsWith("model.3."); at += "model.3.".Length) depth++;
            deepest = Math.Max(deepest, depth);
        }
        return deepest + 2;
    }
}
