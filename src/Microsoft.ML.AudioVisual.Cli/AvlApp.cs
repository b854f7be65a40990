using System.CommandLine;
using Microsoft.ML.AudioVisual.Cli.Commands;

namespace Microsoft.ML.AudioVisual.Cli;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary>The <c>avl</c> command line: builds the command tree and runs it.</summary>
internal static class AvlApp
{
    /// <summary>Runs <c>avl</c> with the arguments; output and errors go to the given writers (the console by default).</summary>
    /// <returns>The exit code: 0 on success, non-zero on failure.</returns>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var io = new CliOutput(output ?? Console.Out, error ?? Console.Error);
        var root = new RootCommand("avl: self-supervised audio-visual learning for ML.NET (Microsoft.ML.AudioVisual).");
        foreach (var command in Commands(io)) root.Subcommands.Add(command);
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars or spinners (output is plain anyway when not a terminal).", Recursive = true };
        var report = new Option<bool>("--report") { Description = "Train, eval and motion verbs: also render report.html (as avl report does) in the output's folder.", Recursive = true };
        root.Options.Add(quiet);
        root.Options.Add(report);
        var invocation = new InvocationConfiguration { Output = io.Out, Error = io.Error };
        var parse = root.Parse(args);
        io.Quiet = parse.GetValue(quiet);
        io.RenderReport = parse.GetValue(report);
        return parse.Invoke(invocation);
    }

    private static IEnumerable<Command> Commands(CliOutput io) =>
    [
        DemoCommand.Create(io),
        ProbeCommand.Create(io),
        FramesCommand.Create(io),
        MotionCommand.Create(io),
        LogMelCommand.Create(io),
        TrainCommand.Create(io),
        EmbedCommand.Create(io),
        EvalCommand.Create(io),
        SweepCommand.Create(io),
        LocalizerCommands.CreateLocalize(io),
        AnimalsCommand.Create(io),
        BssEvalCommand.Create(io),
        SyncCommand.Create(io),
        SeparationCommands.CreateSeparate(io),
        SeparationCommands.CreateImport(io),
        ExportCommand.Create(io),
        ReportCommand.Create(io),
    ];
}
