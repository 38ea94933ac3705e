using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary>Runs long work under a Spectre.Console progress bar with elapsed and remaining time.</summary>
public static class SpectreProgress
{
    /// <summary>Runs <paramref name="work"/> and shows its progress under <paramref name="title"/>.</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<ProgressReporter, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                var reporter = new ProgressReporter((fraction, status) =>
                {
                    task.Value = fraction;
                    if (status is not null)
                    {
                        task.Description = Markup.Escape($"{title}: {status}");
                    }
                });
                result = work(reporter);
                task.Value = 1.0;
            });
        return result;
    }
}
