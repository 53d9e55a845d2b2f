using System.CommandLine;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli;

/// <summary>Attaches a command's work to System.CommandLine with the shared error policy around it.</summary>
internal static class CommandAction
{
    public static void Set(Command command, CommandOutput output, Func<ParseResult, CancellationToken, int> run) =>
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Guard(output, parseResult, cancellationToken, run)));

    public static int Guard(CommandOutput output, ParseResult parseResult, CancellationToken cancellationToken, Func<ParseResult, CancellationToken, int> run)
    {
        output.Verbose = parseResult.GetValue(CliApplication.VerboseOption);
        try
        {
            return run(parseResult, cancellationToken);
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
