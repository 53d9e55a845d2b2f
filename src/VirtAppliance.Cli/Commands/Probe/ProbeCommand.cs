using System.CommandLine;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Cli.Commands.Probe;

/// <summary><c>probe</c>: what this machine offers guests: its architecture, whether KVM runs them (and why not), the default connection.</summary>
internal sealed class ProbeCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var json = CommonOptions.Json();
        var command = new Command("probe", "Show what this machine offers guests: KVM or emulation, QEMU, the default libvirt connection") { json };
        CommandAction.Set(command, output, (result, _) => new ProbeCommand(output).Run(result.GetValue(json)));
        return command;
    }

    public int Run(bool json)
    {
        var host = LocalHostProbe.Probe();
        var kvm = HypervisorAccess.Kvm();
        var facts = ConnectionUris.ProbeFacts();
        var connection = ConnectionUris.ChooseDefault(facts, HypervisorAccess.State);
        var report = new ProbeReport(
            host.Host.Arch ?? LocalHostProbe.ArchName(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture), kvm.Usable, kvm.Detail, host.Guests.Select(g => g.Emulator).OfType<string>().Distinct().ToList(),
            connection.Uri, connection.Reason, facts.SystemDaemonReachable, facts.SessionDaemonInstalled);
        if (json)
        {
            output.WriteJson(report, CliJsonContext.Default.ProbeReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"architecture: {report.Arch}");
        output.WriteLine($"KVM: {(report.KvmUsable ? "runs guests" : "not usable, guests run emulated (TCG)")}: {report.Kvm}");
        output.WriteLine($"QEMU: {(report.Emulators.Count == 0 ? "none found (install qemu-system-x86)" : string.Join(", ", report.Emulators))}");
        output.WriteLine($"default connection: {report.DefaultConnection} ({report.DefaultConnectionReason})");
        output.WriteLine($"system daemon: {(report.SystemDaemonRunning ? "running" : "not running")}; libvirt daemon {(report.DaemonInstalled ? "installed" : "not installed")}");
        return ExitCodes.Success;
    }
}
