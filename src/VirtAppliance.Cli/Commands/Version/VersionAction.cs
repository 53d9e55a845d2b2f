using System.CommandLine;
using System.CommandLine.Invocation;

namespace VirtAppliance.Cli.Commands.Version;

/// <summary>Replaces the parser's --version (the assembly version alone) with <see cref="VersionReport"/>.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction();
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        foreach (var line in VersionReport.Lines())
        {
            output.WriteLine(line);
        }

        return ExitCodes.Success;
    }
}
