using Microsoft.ML.AudioVisual.Localization;
using Microsoft.ML.AudioVisual.Training;
using Spectre.Console;

namespace Microsoft.ML.AudioVisual.Cli;

/// <summary>Shows training progress: a progress bar on an interactive console, one line per epoch otherwise.</summary>
internal static class TrainingDisplay
{
    /// <summary>Runs <paramref name="train"/>, giving it the progress sink to put in the options.</summary>
    public static T Run<T>(CliOutput io, string title, Func<IProgress<TrainingProgress>, T> train)
    {
        bool interactive = ReferenceEquals(io.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return train(new Sink(p =>
            {
                if (p.IsEpochEnd) io.Out.WriteLine(Describe(p));
            }));
        }
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1.0);
                result = train(new Sink(p =>
                {
                    task.Value = ((p.Epoch - 1) * (double)p.StepsPerEpoch + p.Step) / ((double)p.Epochs * p.StepsPerEpoch);
                    task.Description = $"{title} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:0.000} acc {p.TrainAccuracy:P0}";
                    if (p.IsEpochEnd) AnsiConsole.MarkupLine(Markup.Escape(Describe(p)));
                }));
                task.Value = 1.0;
            });
        return result;
    }

    private static string Describe(TrainingProgress p) =>
        $"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:0.0000}, train accuracy {p.TrainAccuracy:P1}" +
        (p.ValidationAccuracy is double v ? $", validation accuracy {v:P1}" : "") + $" ({p.Elapsed.TotalSeconds:0} s)";

    /// <summary>Reports on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Sink(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
