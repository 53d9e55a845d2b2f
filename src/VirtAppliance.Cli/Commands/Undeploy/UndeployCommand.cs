using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Undeploy;

/// <summary><c>undeploy NAME [--purge]</c>: destroys and undefines the domain, deletes overlays and scratch disks; user disks only with --purge.</summary>
internal sealed class UndeployCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var purge = new Option<bool>("--purge") { Description = "Also delete the instance's user disks" };
        var force = new Option<bool>("--force", "-f") { Description = "Remove a running instance too (its power is cut first)" };
        var command = new Command("undeploy", "Remove an instance: its domain, overlays and scratch disks") { name, purge, force };
        CommandAction.Set(command, output, (result, _) => new UndeployCommand(output).Run(result.GetRequiredValue(name), result.GetValue(purge), result.GetValue(force)));
        return command;
    }

    public int Run(string name, bool purge, bool force)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        sessions.ManagerFor(plan).Undeploy(plan, purge, force);
        output.WriteLine($"undeployed '{name}'{(purge ? " (user disks deleted)" : "")}");
        return ExitCodes.Success;
    }
}
