using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Cli.Commands.Reconcile;

/// <summary><c>reconcile [NAME]</c>: finishes interrupted deployments and install → run transitions.</summary>
internal sealed class ReconcileCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = new Argument<string?>("NAME") { Description = "Only this instance (default: all)", Arity = ArgumentArity.ZeroOrOne }.WithInstances();
        var json = CommonOptions.Json();
        var command = new Command("reconcile", "Finish interrupted deployments, migrations and pending install → run transitions") { name, json };
        CommandAction.Set(command, output, (result, _) => new ReconcileCommand(output).Run(result.GetValue(name), result.GetValue(json)));
        return command;
    }

    public int Run(string? name, bool json)
    {
        var store = HypervisorAccess.Store();
        var plans = name is null ? store.List() : [store.Load(name)];
        using var sessions = new InstanceSessions();
        var statuses = new List<InstanceStatus>();
        foreach (var recorded in plans)
        {
            var plan = sessions.Current(recorded);
            var status = sessions.ManagerFor(plan).Reconcile(plan);
            statuses.Add(status);
            if (!json)
            {
                output.WriteLine($"{status.Name}: phase {status.Phase}, {status.State}{(status.Detail is null ? "" : $" ({status.Detail})")}");
            }
        }

        if (json)
        {
            output.WriteJson(statuses, CliJsonContext.Default.ListInstanceStatus);
        }

        return ExitCodes.Success;
    }
}
