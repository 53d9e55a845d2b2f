using System.CommandLine;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.List;

/// <summary><c>list</c>: every instance with its appliance, variant, phase and state; unfinished transitions are finished first.</summary>
internal sealed class ListCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var connect = HypervisorAccess.ConnectOption();
        connect.Description = "Only instances deployed on this libvirt URI";
        var json = CommonOptions.Json();
        var command = new Command("list", "List deployed instances") { connect, json };
        CommandAction.Set(command, output, (result, _) => new ListCommand(output).Run(result.GetValue(connect), result.GetValue(json)));
        return command;
    }

    public int Run(string? connect, bool json)
    {
        var plans = HypervisorAccess.Store().List().Where(p => connect is null || p.ConnectionUri == connect).ToList();
        var statuses = new List<InstanceStatus>();
        var unreachable = new List<string>();
        using var sessions = new InstanceSessions();
        foreach (var plan in plans)
        {
            try
            {
                statuses.Add(sessions.ManagerFor(plan).Reconcile(plan));
            }
            catch (Exception error) when (error is LibvirtException or InstanceExistsException or InstanceStateException or IOException)
            {
                var metadata = plan.Metadata;
                statuses.Add(new InstanceStatus(plan.Name, metadata.Appliance, metadata.Version, metadata.Variant, "unknown", "unreachable", plan.ConnectionUri, error.Message));
                unreachable.Add($"{plan.Name}: {error.Message}");
            }
        }

        if (json)
        {
            output.WriteJson(statuses, CliJsonContext.Default.ListInstanceStatus);
        }
        else
        {
            Rows.Write(output, ["name", "appliance", "version", "variant", "phase", "state", "connection"],
                statuses.Select(s => new[] { s.Name, s.Appliance, s.Version ?? "-", s.Variant, s.Phase, s.State, s.Connection }));
        }

        foreach (var problem in unreachable)
        {
            output.WriteError(problem);
        }

        // The states above are incomplete: a script must not take "unreachable" for an answer.
        return unreachable.Count == 0 ? ExitCodes.Success : ExitCodes.Unsupported;
    }
}
