using System.Diagnostics;
using System.Runtime.InteropServices;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Cli.Hypervisor;

/// <summary>
/// Re-runs a libvirt-facing command with /dev/kvm masked when KVM is present but broken and we are root
/// (see <see cref="KvmMask"/>): libvirt then stops re-probing QEMU for 12-14 s on every connection.
/// </summary>
internal static class KvmMaskLauncher
{
    public const string MaskedPrefix = "masked:";

    private static readonly HashSet<string> LibvirtCommands = ["deploy", "list", "status", "start", "stop", "console", "ssh", "undeploy", "reconcile"];

    /// <summary>The child's exit code when the command was re-run masked; null to run it here.</summary>
    public static int? TryRelaunch(string[] args)
    {
        var checksConnection = args.Length > 0 && args[0] == "check" && ExplicitUri(args) is not null;
        if (args.Length == 0 || !(LibvirtCommands.Contains(args[0]) || checksConnection) || args.Contains("--help") || args.Contains("-h"))
        {
            return null;
        }

        var setting = Environment.GetEnvironmentVariable(KvmMask.EnvironmentVariable);
        if (setting is not null || !Environment.IsPrivilegedProcess || !File.Exists(KvmMask.Device) || ExplicitUri(args) is { } uri && ConnectionUris.EmbeddedRoot(uri) is null)
        {
            return null;
        }

        var kvm = KvmProbe.Run();
        if (!KvmMask.ShouldMask(ConnectionUris.Embedded("/"), kvm.Usable, privileged: true, environmentValue: null) || Environment.ProcessPath is not { } self)
        {
            return null;
        }

        // Run as 'dotnet virt-appliance.dll ...', the process is the dotnet host: the program itself must be passed on too.
        var forwarded = Path.GetFileName(self) == "dotnet" && Environment.GetCommandLineArgs()[0] is { Length: > 0 } program
            ? [program, .. args]
            : args;
        var (fileName, arguments) = KvmMask.Command(self, KvmMask.PrepareMaskFile(HypervisorAccess.State.Root), forwarded);
        if (HostTools.Find(fileName) is null)
        {
            return null;
        }

        var info = HostTools.StartInfo(fileName, arguments);
        info.Environment[KvmMask.EnvironmentVariable] = MaskedPrefix + kvm.Detail;
        using var child = Process.Start(info)!;
        // A signal to this process is the child's: passed on, so that it cleans up and exits as it would unmasked.
        var relays = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Forward(child, context.Signal);
            }))
            .ToList();
        try
        {
            child.WaitForExit();
            return child.ExitCode;
        }
        finally
        {
            foreach (var relay in relays)
            {
                relay.Dispose();
            }
        }
    }

    private static void Forward(Process child, PosixSignal signal)
    {
        var number = signal switch { PosixSignal.SIGINT => "INT", PosixSignal.SIGTERM => "TERM", _ => "HUP" };
        try
        {
            // The child is unshare, which exec'd the shell, which exec'd the command: the same process.
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + number, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    private static string? ExplicitUri(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--connect")
            {
                return args[i + 1];
            }
        }

        return args.FirstOrDefault(a => a.StartsWith("--connect=", StringComparison.Ordinal))?["--connect=".Length..];
    }
}
