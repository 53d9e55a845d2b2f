using System.Diagnostics;
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

    private static readonly HashSet<string> LibvirtCommands = ["deploy", "list", "status", "start", "stop", "console", "undeploy", "reconcile"];

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
        child.WaitForExit();
        return child.ExitCode;
    }

    private static string? ExplicitUri(string[] args)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] is "--connect" or "-c")
            {
                return args[i + 1];
            }
        }

        return args.FirstOrDefault(a => a.StartsWith("--connect=", StringComparison.Ordinal))?["--connect=".Length..];
    }
}
