using Spectre.Console;

namespace VirtAppliance.Cli.Output;

/// <summary>
/// Several progress bars at once on a terminal (one per piece of work, from any thread), with lines printed above
/// them: what a command that works on many hosts at once shows.
/// </summary>
internal sealed class ProgressBars(ProgressContext context)
{
    public void Run(string description, long total, Action<IProgress<long>> work)
    {
        var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
        long done = 0;
        try
        {
            work(new Repository.CallbackProgress<long>(bytes => task.Value = Interlocked.Add(ref done, bytes)));
        }
        finally
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    /// <summary>A line above the bars (written through Spectre.Console, which redraws the bars below it).</summary>
    public static void Say(string line) => AnsiConsole.WriteLine(line);
}
