using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Cli.Output;

/// <summary>Where a command writes: text or JSON to stdout, errors to stderr, progress only on a terminal.</summary>
internal sealed class CommandOutput(TextWriter output, TextWriter error, bool isTerminal)
{
    private const int CapturedWidth = 160;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Whether stdout is a terminal (progress bars and tables are drawn only then).</summary>
    public bool IsTerminal { get; } = isTerminal;

    public bool Verbose { get; set; }

    public static CommandOutput ForConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    public void WriteLine(string text = "") => Out.WriteLine(text);

    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => Out.WriteLine(JsonSerializer.Serialize(value, type));

    public void WriteError(string message) => Error.WriteLine($"virt-appliance: error: {message}");

    public void WriteWarning(string message) => Error.WriteLine($"virt-appliance: warning: {message}");

    /// <summary>Draws a table (or other Spectre.Console widget) on this output's stdout.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Draw(Spectre.Console.Rendering.IRenderable widget)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out), Interactive = InteractionSupport.No });
        if (!ReferenceEquals(Out, Console.Out))
        {
            // Spectre.Console measures the process's terminal even for other writers; a captured output gets a fixed width.
            console.Profile.Width = CapturedWidth;
        }

        console.Write(widget);
    }

    /// <summary>
    /// Runs work with a progress bar (percent, bytes, rate, ETA) on a terminal; silently otherwise, unless
    /// <paramref name="forced"/> (qemu-img's -p) asks for percentages on stderr in a pipe too.
    /// </summary>
    public T WithProgress<T>(string description, bool quiet, Func<IProgress<TransferProgress>?, T> work, bool forced = false)
    {
        if (forced && !IsTerminal)
        {
            var percentages = new PercentLines(Error);
            var result = work(percentages);
            percentages.Finish();
            return result;
        }

        return !IsTerminal || quiet ? work(null) : WithSpectreProgress(description, work);
    }

    /// <summary>The same for asynchronous work.</summary>
    public Task<T> WithProgressAsync<T>(string description, bool quiet, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        return !IsTerminal || quiet ? work(null) : WithSpectreProgressAsync(description, work);
    }

    /// <summary>Work that shows several progress bars at once on a terminal (<see cref="ProgressBars"/>); in a pipe, none.</summary>
    public Task<T> WithProgressBarsAsync<T>(Func<ProgressBars?, Task<T>> work) => !IsTerminal ? work(null) : WithSpectreBarsAsync(work);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Task<T> WithSpectreBarsAsync<T>(Func<ProgressBars?, Task<T>> work) =>
        Bars().StartAsync(context => work(new ProgressBars(context)));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Task<T> WithSpectreProgressAsync<T>(string description, Func<IProgress<TransferProgress>?, Task<T>> work) =>
        Bars().StartAsync(async context =>
        {
            var task = context.AddTask(description, maxValue: 1);
            var result = await work(new SpectreProgress(task));
            task.StopTask();
            return result;
        });

    private static Spectre.Console.Progress Bars() =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new BinaryDownloadedColumn(),
                new BinaryRateColumn(),
                new RemainingTimeColumn());

    /// <summary>Kept apart so that runs in pipes never load Spectre.Console.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static T WithSpectreProgress<T>(string description, Func<IProgress<TransferProgress>?, T> work)
    {
        return Bars().Start(context =>
            {
                var task = context.AddTask(description, maxValue: 1);
                var result = work(new SpectreProgress(task));
                task.StopTask();
                return result;
            });
    }

    private sealed class SpectreProgress(ProgressTask task) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
