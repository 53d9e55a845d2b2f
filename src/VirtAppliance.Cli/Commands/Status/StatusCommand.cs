using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Status;

/// <summary><c>status NAME</c>: one instance in detail (finishing an interrupted deployment first).</summary>
internal sealed class StatusCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = InstanceArgument();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show one instance: phase, state, disks, console log") { name, json };
        CommandAction.Set(command, output, (result, _) => new StatusCommand(output).Run(result.GetRequiredValue(name), result.GetValue(json)));
        return command;
    }

    public static Argument<string> InstanceArgument() => new Argument<string>("NAME") { Description = "The instance's name (see 'virt-appliance list')" }.WithInstances();

    public int Run(string name, bool json)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var manager = sessions.ManagerFor(plan);
        var status = manager.Reconcile(plan);
        var addresses = manager.Addresses(plan);
        if (json)
        {
            var disks = plan.Disks.Select(d => new StatusDisk(d.Id, d.Use.ToString().ToLowerInvariant(), d.Path, d.Target, d.Bus, d.Serial, d.BasePath)).ToList();
            output.WriteJson(
                new StatusReport(status.Name, status.Appliance, status.Version, status.Variant, status.Phase, status.State, status.Connection, status.Detail, plan.Uuid, plan.DomainType, plan.ConsoleLog, disks,
                    plan.Published.Select(p => new StatusPort(p.Address, p.HostPort, p.GuestPort, p.Protocol)).ToList(),
                    addresses.Select(a => new StatusAddress(a.Interface, a.Address, a.Prefix, a.Source)).ToList()),
                CliJsonContext.Default.StatusReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"name:        {status.Name}");
        output.WriteLine($"appliance:   {status.Appliance} {status.Version}");
        output.WriteLine($"variant:     {status.Variant} ({plan.DomainType})");
        output.WriteLine($"phase:       {status.Phase}");
        output.WriteLine($"state:       {status.State}");
        output.WriteLine($"connection:  {status.Connection}");
        output.WriteLine($"uuid:        {plan.Uuid}");
        output.WriteLine($"console log: {plan.ConsoleLog}");
        foreach (var port in plan.Published)
        {
            output.WriteLine($"published:   {port}");
        }

        output.WriteLine(addresses.Count > 0
            ? $"addresses:   {string.Join(", ", addresses.Select(a => $"{a.Address}/{a.Prefix} ({a.Interface}, {a.Source})"))}"
            : $"addresses:   none the host can see (user-mode networking: reach the guest through published ports; 'virt-appliance console {name}' reaches it always)");
        foreach (var disk in plan.Disks)
        {
            output.WriteLine($"disk {disk.Target}:   {disk.Path}{(disk.BasePath is null || disk.Cdrom ? "" : $" (over {disk.BaseHostPath ?? disk.BasePath})")}");
        }

        if (status.Detail is not null)
        {
            output.WriteLine($"note:        {status.Detail}");
        }

        return ExitCodes.Success;
    }
}
