using System.CommandLine;
using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Cli.Hypervisor;

/// <summary>What every libvirt-facing command shares: the state directory, the default URI and the KVM verdict.</summary>
internal static class HypervisorAccess
{
    public static Option<string?> ConnectOption() =>
        new("--connect") { Description = "libvirt URI (default: LIBVIRT_DEFAULT_URI, uri_default in libvirt.conf, qemu:///system for root, qemu:///session for users; the embedded QEMU driver where no daemon can be had)" };

    public static StateDirectory State => StateDirectory.Default();

    public static InstanceStore Store() => new(State);

    public static ConnectionUris.Choice DefaultConnection() => ConnectionUris.ChooseDefault(ConnectionUris.ProbeFacts(), State);

    public static string Resolve(string? uri) => uri ?? DefaultConnection().Uri;

    /// <summary>The KVM probe's verdict; in a process re-executed with /dev/kvm masked, the verdict recorded before masking.</summary>
    public static KvmProbe.Result Kvm()
    {
        var recorded = Environment.GetEnvironmentVariable(KvmMask.EnvironmentVariable);
        if (recorded is not null && recorded.StartsWith(KvmMaskLauncher.MaskedPrefix, StringComparison.Ordinal))
        {
            return new KvmProbe.Result(false, recorded[KvmMaskLauncher.MaskedPrefix.Length..]);
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.X86
            ? KvmProbe.Run()
            : new KvmProbe.Result(File.Exists(KvmMask.Device), "KVM probing is implemented for x86 hosts only");
    }

    public static HypervisorSession Open(string uri)
    {
        Libvirt.LibvirtLogging.SendToFile(Path.Combine(State.Root, "libvirt.log"));
        return HypervisorSession.Open(uri);
    }
}
