using System.CommandLine;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli;

/// <summary>Attaches a command's work to System.CommandLine with the shared error policy around it.</summary>
internal static class CommandAction
{
    public static void Set(Command command, CommandOutput output, Func<ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction((parseResult, cancellationToken) => GuardAsync(output, parseResult, cancellationToken, run));

    /// <summary>For commands whose work is synchronous (disk images, descriptors): it runs on the invoking thread.</summary>
    public static void Set(Command command, CommandOutput output, Func<ParseResult, CancellationToken, int> run) =>
        Set(command, output, (parseResult, cancellationToken) => Task.FromResult(run(parseResult, cancellationToken)));

    public static async Task<int> GuardAsync(CommandOutput output, ParseResult parseResult, CancellationToken cancellationToken, Func<ParseResult, CancellationToken, Task<int>> run)
    {
        output.Verbose = parseResult.GetValue(CliApplication.VerboseOption);
        try
        {
            return await run(parseResult, cancellationToken);
        }
        catch (Exception exception)
        {
            output.WriteError(ErrorPolicy.Describe(exception));
            if (output.Verbose)
            {
                output.Error.WriteLine(exception.ToString());
            }

            return ErrorPolicy.ExitCodeFor(exception);
        }
    }
}
