using System.Runtime.InteropServices;
using System.Text;

namespace VirtAppliance.Libvirt;

/// <summary>A reference to one domain (running or defined) of a connection.</summary>
public sealed class LibvirtDomain : IDisposable
{
    internal const int UuidStringLength = 36;

    /// <summary>VIR_DOMAIN_METADATA_ELEMENT: custom XML under the caller's own namespace.</summary>
    private const int MetadataElement = 2;

    private readonly SafeDomainHandle handle;

    internal SafeDomainHandle Handle => handle;

    internal LibvirtDomain(SafeDomainHandle handle)
    {
        this.handle = handle;

        // Read once: every libvirt call clears the thread's last error, so messages must not call back into libvirt.
        Name = Marshal.PtrToStringUTF8(Interop.Interop.virDomainGetName(handle)) ?? throw Native.LastError("reading a domain's name");
    }

    /// <summary>The domain's name.</summary>
    public string Name { get; }

    /// <summary>The UUID in its canonical string form.</summary>
    public unsafe string Uuid
    {
        get
        {
            var buffer = stackalloc byte[UuidStringLength + 1];
            Native.Check(Interop.Interop.virDomainGetUUIDString(handle, buffer), $"reading the UUID of domain '{Name}'");
            return Encoding.ASCII.GetString(buffer, UuidStringLength);
        }
    }

    /// <summary>Whether the domain has a persistent definition.</summary>
    public bool IsPersistent => Native.Check(Interop.Interop.virDomainIsPersistent(handle), $"asking whether '{Name}' is persistent") == 1;

    /// <summary>Whether the domain runs.</summary>
    public bool IsActive => Native.Check(Interop.Interop.virDomainIsActive(handle), $"asking whether '{Name}' runs") == 1;

    /// <summary>
    /// Migrates this domain to <paramref name="destination"/> (virDomainMigrate3, managed by this client); the QEMU
    /// migration stream goes to <paramref name="migrationUri"/> when given (tcp://HOST); <paramref name="destinationXml"/>
    /// is the definition there when it differs (other paths). Returns the destination's domain.
    /// </summary>
    public LibvirtDomain Migrate(LibvirtConnection destination, MigrationFlags flags, string? migrationUri, string? destinationXml = null)
    {
        var parameters = IntPtr.Zero;
        var count = 0;
        var capacity = 0;
        try
        {
            if (migrationUri is not null)
            {
                Native.Check(Interop.Interop.virTypedParamsAddString(ref parameters, ref count, ref capacity, Interop.Interop.MigrateParamUri, migrationUri), "preparing the migration");
            }

            if (destinationXml is not null)
            {
                Native.Check(Interop.Interop.virTypedParamsAddString(ref parameters, ref count, ref capacity, Interop.Interop.MigrateParamDestinationXml, destinationXml), "preparing the migration");
            }

            return new LibvirtDomain(Native.Check(
                Interop.Interop.virDomainMigrate3(handle, destination.Handle, parameters, (uint)count, (uint)flags),
                $"migrating '{Name}' to {destination.Uri}"));
        }
        finally
        {
            if (parameters != IntPtr.Zero)
            {
                Interop.Interop.virTypedParamsFree(parameters, count);
            }
        }
    }

    /// <summary>Memory and vCPUs, current and maximum.</summary>
    public DomainResources GetResources()
    {
        Native.Check(Interop.Interop.virDomainGetInfo(handle, out var info), $"reading the resources of '{Name}'");
        return new DomainResources((long)info.MaxMemKiB, (long)info.MemoryKiB, info.VirtualCpus);
    }

    /// <summary>The state and its reason.</summary>
    public DomainStateInfo GetState()
    {
        Native.Check(Interop.Interop.virDomainGetState(handle, out var state, out var reason, 0), $"reading the state of '{Name}'");
        return new DomainStateInfo((DomainState)state, reason);
    }

    /// <summary>
    /// The guest's addresses as libvirt knows them, from each source that answers: DHCP leases of libvirt's networks,
    /// the guest agent, the host's ARP table. Guests on user-mode networking have none that the host can see.
    /// </summary>
    public unsafe IReadOnlyList<GuestAddress> InterfaceAddresses()
    {
        var found = new List<GuestAddress>();
        foreach (var (source, sourceName) in new[] { (0u, "lease"), (1u, "agent"), (2u, "arp") })
        {
            Interop.Interop.DomainInterface** interfaces = null;
            var count = Interop.Interop.virDomainInterfaceAddresses(handle, &interfaces, source, 0);
            if (count < 0)
            {
                // This source is not available here (no agent, no libvirt network): try the next.
                Interop.Interop.virResetLastError();
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                var entry = interfaces[i];
                var name = Marshal.PtrToStringUTF8(entry->Name) ?? "";
                var mac = Marshal.PtrToStringUTF8(entry->HardwareAddress);
                for (var a = 0; a < entry->AddressCount; a++)
                {
                    var address = ((Interop.Interop.DomainIpAddress*)entry->Addresses)[a];
                    if (Marshal.PtrToStringUTF8(address.Address) is { } text && found.All(f => f.Address != text))
                    {
                        found.Add(new GuestAddress(name, mac, text, (int)address.Prefix, sourceName));
                    }
                }

                Interop.Interop.virDomainInterfaceFree(entry);
            }

            if (interfaces != null)
            {
                Interop.Interop.free(interfaces);
            }
        }

        return found;
    }

    /// <summary>Starts a defined domain.</summary>
    public void Start() => Native.Check(Interop.Interop.virDomainCreate(handle), $"starting '{Name}'");

    /// <summary>Stops at once (power cut); a transient domain disappears.</summary>
    public void Destroy() => Native.Check(Interop.Interop.virDomainDestroy(handle), $"destroying '{Name}'");

    /// <summary>Asks the guest to power off (ACPI); returns before it has.</summary>
    public void Shutdown() => Native.Check(Interop.Interop.virDomainShutdown(handle), $"shutting down '{Name}'");

    /// <summary>Asks the guest to reboot.</summary>
    public void Reboot() => Native.Check(Interop.Interop.virDomainReboot(handle, 0), $"rebooting '{Name}'");

    /// <summary>Removes the persistent definition.</summary>
    public void Undefine(UndefineFlags flags) =>
        Native.Check(Interop.Interop.virDomainUndefineFlags(handle, (uint)flags), $"undefining '{Name}'");

    /// <summary>The domain's XML.</summary>
    public string GetXmlDescription(DomainXmlFlags flags = DomainXmlFlags.None) =>
        Native.TakeString(Interop.Interop.virDomainGetXMLDesc(handle, (uint)flags), $"reading the XML of '{Name}'");

    /// <summary>Sets (or with null removes) the element under <paramref name="namespaceUri"/> in the domain's &lt;metadata&gt;.</summary>
    public void SetMetadata(string namespaceUri, string key, string? xml, ModificationImpact impact) =>
        Native.Check(
            Interop.Interop.virDomainSetMetadata(handle, MetadataElement, xml, xml is null ? null : key, namespaceUri, (uint)impact),
            $"writing metadata of '{Name}'");

    /// <summary>The element under <paramref name="namespaceUri"/> in the domain's &lt;metadata&gt;, or null when there is none.</summary>
    public string? GetMetadata(string namespaceUri, ModificationImpact impact)
    {
        var pointer = Interop.Interop.virDomainGetMetadata(handle, MetadataElement, namespaceUri, (uint)impact);
        if (pointer != IntPtr.Zero)
        {
            return Native.TakeString(pointer, "reading metadata");
        }

        var error = Native.LastError($"reading metadata of '{Name}'");
        return error.Code == LibvirtErrorCode.NoDomainMetadata ? null : throw error;
    }

    /// <summary>Sets the number of active vCPUs (up to the domain's maximum); virsh setvcpus.</summary>
    public void SetVcpus(int count, ModificationImpact impact) =>
        Native.Check(Interop.Interop.virDomainSetVcpusFlags(handle, (uint)count, (uint)impact), $"setting the vCPUs of '{Name}' to {count}");

    /// <summary>Sets the memory the guest may use (the balloon target, up to its current total); virsh setmem.</summary>
    public void SetMemory(long kib, ModificationImpact impact) =>
        Native.Check(Interop.Interop.virDomainSetMemoryFlags(handle, (ulong)kib, (uint)impact), $"setting the memory of '{Name}' to {kib / 1024} MiB");

    /// <summary>Adds a device (disk, interface, memory DIMM...) given as domain XML; virsh attach-device.</summary>
    public void AttachDevice(string deviceXml, ModificationImpact impact) =>
        Native.Check(Interop.Interop.virDomainAttachDeviceFlags(handle, deviceXml, (uint)impact), $"attaching a device to '{Name}'");

    /// <summary>Removes the device the XML identifies; a live removal waits a few seconds for the guest to release it.</summary>
    public void DetachDevice(string deviceXml, ModificationImpact impact) =>
        Native.Check(Interop.Interop.virDomainDetachDeviceFlags(handle, deviceXml, (uint)impact), $"detaching a device from '{Name}'");

    /// <summary>
    /// Runs a command of QEMU's human monitor in the running guest's QEMU (libvirt's monitor passthrough, which marks
    /// the domain "custom-monitor"): for what libvirt has no API for. QEMU reports its own errors as text.
    /// </summary>
    public string HumanMonitorCommand(string command)
    {
        Native.Check(Interop.Interop.virDomainQemuMonitorCommand(handle, command, out var result, Interop.Interop.MonitorCommandHmp), $"running '{command.Split(' ')[0]}' in the QEMU of '{Name}'");
        var text = Native.TakeString(result, "reading QEMU's answer").Trim();
        return text.StartsWith("Error", StringComparison.Ordinal)
            ? throw new LibvirtException($"QEMU of '{Name}' refused '{command.Split(' ')[0]}': {text}", LibvirtErrorCode.OperationFailed, QemuErrorDomain)
            : text;
    }

    /// <summary>VIR_FROM_QEMU.</summary>
    private const int QemuErrorDomain = 10;

    /// <summary>
    /// Returns once no other job holds the domain: a query that needs a domain job waits for the QEMU driver's
    /// reconnection to this domain (started when the driver starts) to finish, after which its state is current.
    /// </summary>
    public unsafe void WaitForPendingJobs()
    {
        var stats = stackalloc Interop.Interop.MemoryStat[1];
        if (Interop.Interop.virDomainMemoryStats(handle, stats, 1, 0) < 0)
        {
            Interop.Interop.virResetLastError();
        }
    }

    /// <summary>Releases the handle.</summary>
    public void Dispose() => handle.Dispose();
}
