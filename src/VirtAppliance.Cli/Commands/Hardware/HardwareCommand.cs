using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Cli.Commands.Hardware;

/// <summary><c>hardware NAME [--json]</c>: what the guest has, live and in its definition, and what can still be added live.</summary>
internal sealed class HardwareCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var json = CommonOptions.Json();
        var command = new Command("hardware", "Show an instance's hardware, running and defined, and the room left to add more live") { name, json };
        CommandAction.Set(command, output, (result, _) => new HardwareCommand(output).Run(result.GetRequiredValue(name), result.GetValue(json)));
        return command;
    }

    public int Run(string name, bool json)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var report = sessions.ManagerFor(plan).Hardware.Describe(plan);
        var headroom = report.Headroom;
        if (json)
        {
            output.WriteJson(
                new HardwareJson(
                    report.Name,
                    report.Running,
                    report.Live is null ? null : HardwareStateJson.From(report.Live, plan),
                    HardwareStateJson.From(report.Persistent, plan),
                    new HeadroomJson(headroom.Vcpus, headroom.MemoryKiB / 1024, headroom.MemorySlots, headroom.DeviceSlots)),
                CliJsonContext.Default.HardwareJson);
            return ExitCodes.Success;
        }

        output.WriteLine($"{name}: {(report.Running ? "running" : "not running")}");
        if (report.Live is { } live)
        {
            Write("live", live);
        }

        Write("defined", report.Persistent);
        output.WriteLine(
            $"can add live: {Count(headroom.Vcpus, "vCPU")}, {headroom.MemoryKiB / 1024} MiB of memory in {Count(headroom.MemorySlots, "DIMM slot")}, " +
            $"{Count(headroom.DeviceSlots, report.Persistent.IsQ35 ? "PCIe root port" : "PCI slot")} for disks and network cards");
        return ExitCodes.Success;
    }

    private void Write(string title, DomainHardware hardware)
    {
        output.WriteLine($"{title}:");
        output.WriteLine($"  vCPUs:   {hardware.Vcpus} of at most {hardware.MaxVcpus}");
        var memory = $"{hardware.MemoryKiB / 1024} MiB";
        if (hardware.MemoryKiB != hardware.TotalMemoryKiB)
        {
            memory += $" (balloon; {hardware.TotalMemoryKiB / 1024} MiB installed)";
        }

        if (hardware.MaxMemoryKiB is { } max)
        {
            memory += $", at most {max / 1024} MiB, {hardware.DimmsKiB.Count} of {hardware.MemorySlots} DIMM slots used";
        }

        output.WriteLine($"  memory:  {memory}");
        output.WriteLine($"  machine: {hardware.Machine ?? "default"}");
        foreach (var disk in hardware.Disks)
        {
            output.WriteLine($"  disk {disk.Target} ({disk.Bus}{(disk.Device == "disk" ? "" : ", " + disk.Device)}): {disk.Source ?? "empty"}");
        }

        foreach (var nic in hardware.Nics)
        {
            output.WriteLine($"  nic {nic.MacAddress} ({nic.Model ?? nic.Type})");
        }

        foreach (var nic in hardware.PublishedNics)
        {
            output.WriteLine($"  nic {nic.MacAddress} (virtio, publishes {string.Join(", ", nic.Ports)})");
        }
    }

    private static string Count(int count, string thing) => $"{count} {thing}{(count == 1 ? "" : "s")}";
}
