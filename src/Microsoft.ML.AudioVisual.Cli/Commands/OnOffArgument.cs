using System.CommandLine;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

/// <summary>Options spelled <c>--name on|off</c> with a default (the verbs' switches read as words, not bare flags).</summary>
internal static class OnOffArgument
{
    /// <summary>A new <c>on|off</c> option whose default is <paramref name="on"/>.</summary>
    public static Option<string> Create(string name, string description, bool on)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => on ? "on" : "off" };
        option.AcceptOnlyFromAmong("on", "off");
        return option;
    }

    /// <summary>Whether <paramref name="option"/> is on in <paramref name="parse"/>.</summary>
    public static bool IsOn(this ParseResult parse, Option<string> option) => parse.GetValue(option) == "on";
}
