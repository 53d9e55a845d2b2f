using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Cli.Commands.Set;

/// <summary>
/// <c>set NAME [--memory MiB] [--vcpus N] [--live|--config]</c>: vCPUs up to the maximum planned at deploy, memory up
/// by DIMM hot-plug up to its maximum and down by the balloon; by default live and in the definition and plan.
/// </summary>
internal sealed class SetCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var memory = new Option<long?>("--memory") { Description = "Memory in MiB: up through a hot-plugged DIMM (steps of 128 MiB), down through the balloon" };
        var vcpus = new Option<int?>("--vcpus") { Description = "Active vCPUs, up to the maximum planned at deploy (beyond it with --config)" };
        var live = CommonOptions.Live();
        var config = CommonOptions.Config();
        var command = new Command("set", "Change an instance's memory or vCPUs, live where the guest allows") { name, memory, vcpus, live, config };
        CommandAction.Set(command, output, (result, _) => new SetCommand(output).Run(
            result.GetRequiredValue(name), result.GetValue(memory), result.GetValue(vcpus), CommonOptions.Scope(result, live, config)));
        return command;
    }

    public int Run(string name, long? memoryMiB, int? vcpus, ChangeScope scope)
    {
        if (memoryMiB is null && vcpus is null)
        {
            throw new ArgumentException("set needs --memory MiB, --vcpus N or both");
        }

        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var hardware = sessions.ManagerFor(plan).Hardware;
        if (vcpus is { } count)
        {
            var change = hardware.SetVcpus(plan, count, scope);
            output.WriteLine(change.Summary);
            plan = change.Plan;
        }

        if (memoryMiB is { } memory)
        {
            output.WriteLine(hardware.SetMemory(plan, memory, scope).Summary);
        }

        return ExitCodes.Success;
    }
}
