using System.CommandLine;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Questions about a parse that <see cref="ParseResult.GetValue{T}(Option{T})"/> does not answer.</summary>
internal static class ParseResults
{
    /// <summary>True when <paramref name="option"/> was written on the command line (not filled in by its default).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>Calls <paramref name="apply"/> with the option's value when it was given; otherwise the target keeps its own default.</summary>
    public static void IfGiven<T>(this ParseResult parse, Option<T> option, Action<T> apply)
    {
        if (parse.Given(option)) apply(parse.GetValue(option)!);
    }
}
