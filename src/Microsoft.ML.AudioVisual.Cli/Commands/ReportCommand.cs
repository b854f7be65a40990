using System.CommandLine;
using Microsoft.ML.AudioVisual.Rendering.Reports;

namespace Microsoft.ML.AudioVisual.Cli.Commands;

// Microsoft.ML has a namespace named Command, which would otherwise shadow the System.CommandLine type here.
using Command = System.CommandLine.Command;

/// <summary><c>avl report RUN_DIR [--out FILE]</c>: renders a run folder as one self-contained HTML page (see <see cref="RunReport"/>).</summary>
internal static class ReportCommand
{
    public static Command Create(CliOutput io)
    {
        var folder = new Argument<string>("RUN_DIR") { Description = "The run folder: JSON reports, training logs, PNG images, WAV sounds." };
        var output = new Option<string?>("--out") { Description = $"Page to write (default: RUN_DIR/{RunReport.FileName})." };
        var command = new Command("report", "Render a run folder (metrics, training curves, confusion matrices, heat maps, spectrograms with players) as one HTML page.")
        {
            folder, output,
        };
        command.SetAction(parse => io.Guard(() =>
        {
            string path = RunReport.Write(parse.GetValue(folder)!, parse.GetValue(output));
            io.Out.WriteLine($"Wrote {path}.");
            return 0;
        }));
        return command;
    }
}
