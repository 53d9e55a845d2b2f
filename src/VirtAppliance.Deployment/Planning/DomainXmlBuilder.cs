using System.Xml.Linq;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;

namespace VirtAppliance.Deployment.Planning;

/// <summary>
/// libvirt domain XML for an instance: the final (run-phase) configuration, and the install configuration derived from
/// it (install kernel or ISO, on_reboot=destroy, its own console log) with the same UUID, MACs and disk serials.
/// </summary>
public static class DomainXmlBuilder
{
    public const string QemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0";

    public static string BuildFinal(DomainSpec spec) => Build(spec, install: null, installLog: null).ToString();

    public static string BuildInstall(DomainSpec spec, string installLog) =>
        Build(spec with { Metadata = spec.Metadata with { Phase = InstancePhase.Install } }, spec.Variant.Install, installLog).ToString();

    private static XElement Build(DomainSpec spec, InstallPhase? install, string? installLog)
    {
        var variant = spec.Variant;
        var qemuLike = spec.DomainType is "qemu" or "kvm";
        var publishOnCommandLine = qemuLike && spec.Publish.Count > 0;
        var domain = new XElement(
            "domain",
            new XAttribute("type", spec.DomainType),
            publishOnCommandLine ? new XAttribute(XNamespace.Xmlns + "qemu", QemuNamespace) : null,
            new XElement("name", spec.Name),
            new XElement("uuid", spec.Uuid),
            new XElement("metadata", spec.Metadata.ToElement()),
            MaxMemory(spec),
            new XElement("memory", new XAttribute("unit", "KiB"), spec.MemoryKiB),
            new XElement("vcpu", spec.Headroom.MaxVcpus is { } maxVcpus ? new XAttribute("current", spec.Vcpus) : null, spec.Headroom.MaxVcpus ?? spec.Vcpus),
            variant.IsParavirtual && variant.Os.Loader is { } loader && install is null ? new XElement("bootloader", BootloaderPath(loader)) : null,
            Os(spec, install),
            Features(variant),
            Cpu(spec),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", install is null ? "restart" : "destroy"),
            new XElement("on_crash", "destroy"),
            Devices(spec, install, installLog ?? spec.ConsoleLog, publishOnCommandLine));
        if (publishOnCommandLine)
        {
            domain.Add(PublishCommandLine(spec));
        }

        return domain;
    }

    private static XElement Os(DomainSpec spec, InstallPhase? install)
    {
        var variant = spec.Variant;
        var requirements = variant.Requirements;
        var os = new XElement(
            "os",
            requirements.Firmware == "efi" ? new XAttribute("firmware", "efi") : null,
            new XElement(
                "type",
                new XAttribute("arch", variant.Arch),
                (spec.Normalized?.Machine ?? requirements.Machine) is { } machine && !variant.IsParavirtual ? new XAttribute("machine", machine) : null,
                variant.IsParavirtual ? "xen" : "hvm"));
        var (kernel, initrd, cmdline) = install is not null
            ? (install.Kernel, install.Initrd, install.Cmdline)
            : (variant.Os.Kernel, variant.Os.Initrd, variant.Os.Cmdline);
        if (kernel is not null)
        {
            os.Add(new XElement("kernel", Resolve(spec, kernel)));
            os.Add(initrd is null ? null : new XElement("initrd", Resolve(spec, initrd)));
            os.Add(cmdline is null ? null : new XElement("cmdline", cmdline));
        }
        else if (!variant.IsParavirtual)
        {
            var device = install?.Iso is not null ? "cdrom" : variant.Os.LoaderDevice ?? "hd";
            os.Add(new XElement("boot", new XAttribute("dev", device)));
        }

        return os;
    }

    /// <summary>DIMM hot-plug needs a memory maximum with slots, and a NUMA cell holding the boot memory.</summary>
    private static XElement? MaxMemory(DomainSpec spec) =>
        HotplugPlanned(spec) && spec.Headroom.MaxMemoryKiB is { } max
            ? new XElement("maxMemory", new XAttribute("slots", spec.Headroom.MemorySlots(spec.MemoryKiB)), new XAttribute("unit", "KiB"), max)
            : null;

    /// <summary>The normalized CPU model, and the NUMA cell that DIMM hot-plug needs; null when neither applies.</summary>
    private static XElement? Cpu(DomainSpec spec)
    {
        var cell = HotplugPlanned(spec) && spec.Headroom.MaxMemoryKiB is not null;
        if (spec.Normalized is null && !cell)
        {
            return null;
        }

        var cpu = spec.Normalized is { } normalized ? XElement.Parse(normalized.CpuXml) : new XElement("cpu");
        cpu.Add(cell
            ? new XElement(
                "numa",
                new XElement(
                    "cell",
                    new XAttribute("id", 0),
                    new XAttribute("cpus", $"0-{(spec.Headroom.MaxVcpus ?? spec.Vcpus) - 1}"),
                    new XAttribute("memory", spec.MemoryKiB),
                    new XAttribute("unit", "KiB")))
            : null);
        return cpu;
    }

    /// <summary>Hot-plug is planned for QEMU guests only (Xen paravirtual guests change through other means).</summary>
    private static bool HotplugPlanned(DomainSpec spec) => spec.DomainType is "qemu" or "kvm" && !spec.Variant.IsParavirtual;

    private static XElement Features(BootVariant variant) =>
        new(
            "features",
            variant.Acpi == FeatureState.Off ? null : new XElement("acpi"),
            variant.Apic == FeatureState.Off ? null : new XElement("apic"),
            variant.Pae == FeatureState.On ? new XElement("pae") : null);

    private static XElement Devices(DomainSpec spec, InstallPhase? install, string consoleLog, bool publishOnCommandLine)
    {
        var devices = new XElement("devices");
        var pci = spec.Normalized is null ? null : new NormalizedPci(IsQ35(spec.Normalized.Machine));
        foreach (var disk in spec.Disks.Where(d => install is not null || !d.InstallOnly))
        {
            devices.Add(Disk(disk, disk.Bus == "virtio" && !disk.Cdrom ? pci?.Next() : null));
        }

        for (var i = 0; i < spec.Nics.Count; i++)
        {
            if (i == 0 && publishOnCommandLine)
            {
                continue;
            }

            devices.Add(Interface(spec.Nics[i], spec.Variant.IsParavirtual, pci?.Next()));
        }

        if (pci is not null)
        {
            devices.Add(new XElement("memballoon", new XAttribute("model", "virtio"), pci.Next()));
            if (IsQ35(spec.Normalized!.Machine))
            {
                devices.Add(new XElement("controller", new XAttribute("type", "usb"), new XAttribute("index", 0), new XAttribute("model", "qemu-xhci"), pci.Next()));
            }

            pci.AddSpare(spec.Headroom.Devices);
            devices.Add(pci.Ports);
        }

        // Index 0 is the root bus itself (pcie-root), which libvirt adds.
        foreach (var index in Enumerable.Range(1, RootPorts(spec, install, publishOnCommandLine)))
        {
            devices.Add(new XElement("controller", new XAttribute("type", "pci"), new XAttribute("index", index), new XAttribute("model", "pcie-root-port")));
        }

        // A pty, so that 'console' can type into it through a libvirt stream; its log is the file --wait-for reads.
        devices.Add(new XElement(
            "serial",
            new XAttribute("type", "pty"),
            new XElement("log", new XAttribute("file", consoleLog), new XAttribute("append", "on")),
            new XElement("target", new XAttribute("port", 0))));
        devices.Add(new XElement(
            "console",
            new XAttribute("type", "pty"),
            new XElement("target", new XAttribute("type", spec.Variant.IsParavirtual ? "xen" : "serial"), new XAttribute("port", 0))));
        if (spec.Graphics)
        {
            devices.Add(new XElement(
                "graphics",
                new XAttribute("type", "vnc"),
                new XAttribute("autoport", "yes"),
                new XAttribute("listen", "127.0.0.1")));
        }

        return devices;
    }

    /// <summary>
    /// On q35 every PCI device sits behind a PCIe root port, and a port cannot be added while the guest runs: there
    /// are ports for the devices defined (virtio disks and NICs, the balloon, the USB controller) and for the planned
    /// hot-plugged ones. i440fx's root bus takes hot-plugged devices directly.
    /// </summary>
    private static int RootPorts(DomainSpec spec, InstallPhase? install, bool publishOnCommandLine)
    {
        if (spec.Normalized is not null || !HotplugPlanned(spec) || spec.Headroom.Devices == 0 || !IsQ35(spec.Variant.Requirements.Machine))
        {
            return 0;
        }

        var disks = spec.Disks.Count(d => (install is not null || !d.InstallOnly) && d.Bus == "virtio");
        var nics = spec.Nics.Count - (publishOnCommandLine ? 1 : 0);
        return disks + nics + DefaultPciDevices + spec.Headroom.Devices;
    }

    /// <summary>The memory balloon and the USB controller that libvirt adds to every QEMU x86 domain.</summary>
    private const int DefaultPciDevices = 2;

    private static bool IsQ35(string? machine) => machine?.Contains("q35", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A NIC on QEMU's user-mode network (no host setup, outgoing connections only).</summary>
    internal static XElement Interface(GuestNic nic, bool paravirtual, XElement? address = null) =>
        new(
            "interface",
            new XAttribute("type", "user"),
            new XElement("mac", new XAttribute("address", nic.MacAddress)),
            new XElement("model", new XAttribute("type", nic.Model ?? (paravirtual ? "netfront" : "virtio"))),
            address);

    internal static XElement Disk(InstanceDisk disk, XElement? address = null) =>
        new(
            "disk",
            new XAttribute("type", "file"),
            new XAttribute("device", disk.Cdrom ? "cdrom" : "disk"),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", disk.Format)),
            new XElement("source", new XAttribute("file", disk.Path)),
            new XElement("target", new XAttribute("dev", disk.Target), new XAttribute("bus", disk.Bus)),
            disk.Cdrom ? new XElement("readonly") : null,
            disk.Cdrom ? null : new XElement("serial", disk.Serial),
            address);

    /// <summary>
    /// libvirt's own user-mode interface takes port forwards only with the passt back end; QEMU's built-in one
    /// (slirp, always present) takes them on its command line, which libvirt passes through for qemu and kvm domains.
    /// </summary>
    private static XElement PublishCommandLine(DomainSpec spec)
    {
        XNamespace qemu = QemuNamespace;
        var nic = spec.Nics[0];
        var forwards = string.Concat(spec.Publish.Select(p => $",hostfwd={p.ToHostForward()}"));
        var model = nic.Model switch
        {
            null or "virtio" => "virtio-net-pci",
            var other => other,
        };
        return new XElement(
            qemu + "commandline",
            new XElement(qemu + "arg", new XAttribute("value", "-netdev")),
            new XElement(qemu + "arg", new XAttribute("value", $"user,id=vanet0{forwards}")),
            new XElement(qemu + "arg", new XAttribute("value", "-device")),
            new XElement(qemu + "arg", new XAttribute("value", $"{model},netdev=vanet0,mac={nic.MacAddress},bus={RootBus(spec.Variant.Requirements.Machine)},addr={PublishNicSlot}")));
    }

    /// <summary>
    /// A slot of the root bus that libvirt does not hand out (it assigns from slot 2 upwards; q35's chipset sits at
    /// 0x1f): QEMU would otherwise give this device slot 2 before libvirt's devices claim it.
    /// </summary>
    private const string PublishNicSlot = "0x1e";

    private static string RootBus(string? machine) =>
        machine is null || (machine.StartsWith("pc", StringComparison.Ordinal) && !IsQ35(machine)) ? "pci.0" : "pcie.0";

    private static string Resolve(DomainSpec spec, string path) =>
        spec.HostPathOf is { } onHost ? onHost(DescriptorPaths.Resolve(spec.BaseDirectory, path)) : DescriptorPaths.Resolve(spec.BaseDirectory, path);

    private static string BootloaderPath(string loader) => loader == "pygrub" ? "/usr/bin/pygrub" : loader;
}
