using System.CommandLine;

using Microsoft.ML.AudioVisual.Separation;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>The <c>--mask binary|ratio|wiener</c> option of the separator trainings.</summary>
internal static class MaskArgument
{
    private static readonly Dictionary<string, SeparationMask> Kinds = new()
    {
        ["binary"] = SeparationMask.Binary,
        ["ratio"] = SeparationMask.Ratio,
        ["wiener"] = SeparationMask.Wiener,
    };

    /// <summary>A new <c>--mask</c> option whose default is <paramref name="defaultMask"/>.</summary>
    public static Option<string> Create(SeparationMask defaultMask)
    {
        var option = new Option<string>("--mask")
        {
            Description = "binary (weighted BCE on 0/1 targets, official), ratio (L1) or wiener (weighted BCE on each source's share of the power).",
            DefaultValueFactory = _ => Name(defaultMask),
        };
        option.AcceptOnlyFromAmong([.. Kinds.Keys]);
        return option;
    }

    /// <summary>The mask kind of a parsed value.</summary>
    public static SeparationMask Parse(string value) => Kinds[value];

    /// <summary>The option value of <paramref name="mask"/>.</summary>
    public static string Name(SeparationMask mask) => Kinds.First(kind => kind.Value == mask).Key;
}
