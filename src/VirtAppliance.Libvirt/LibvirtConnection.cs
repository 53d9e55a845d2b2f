using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt;

/// <summary>One open libvirt connection (any URI: test:///default, qemu:///embed?root=..., qemu:///system, qemu+ssh://...).</summary>
public sealed class LibvirtConnection : IDisposable
{
    private static readonly ConcurrentDictionary<IntPtr, LibvirtConnection> ByHandle = new();
    private readonly SafeConnectHandle handle;

    internal SafeConnectHandle Handle => handle;
    private int lifecycleCallback = -1;

    private LibvirtConnection(SafeConnectHandle handle, string uri)
    {
        this.handle = handle;
        Uri = uri;
    }

    /// <summary>Guest started, stopped, shut down...: raised on the event loop's thread.</summary>
    public event Action<DomainLifecycleEvent>? DomainLifecycle;

    /// <summary>The URI libvirt resolved (the one given, or the default it chose).</summary>
    public string Uri { get; }

    /// <summary>Connects to <paramref name="uri"/> (null: libvirt's default connection).</summary>
    public static LibvirtConnection Open(string? uri)
    {
        EventLoop.EnsureRunning();
        var handle = Native.Check(Interop.Interop.virConnectOpen(uri), $"cannot connect to '{uri ?? "the default hypervisor"}'");
        var resolved = Native.TakeString(Interop.Interop.virConnectGetURI(handle), "reading the connection URI");
        return new LibvirtConnection(handle, resolved);
    }

    /// <summary>libvirt's version as major * 1,000,000 + minor * 1,000 + release.</summary>
    public ulong LibraryVersion
    {
        get
        {
            Native.Check(Interop.Interop.virConnectGetLibVersion(handle, out var version), "reading libvirt's version");
            return version;
        }
    }

    /// <summary>The host's capabilities XML (virsh capabilities).</summary>
    public string GetCapabilities() =>
        Native.TakeString(Interop.Interop.virConnectGetCapabilities(handle), "reading the host capabilities");

    /// <summary>Domain capabilities XML (virsh domcapabilities).</summary>
    public string GetDomainCapabilities(string? arch, string? virtType, string? machine = null, string? emulator = null) =>
        Native.TakeString(
            Interop.Interop.virConnectGetDomainCapabilities(handle, emulator, arch, machine, virtType, 0),
            $"reading domain capabilities for {arch ?? "the default arch"} ({virtType ?? "default type"})");

    /// <summary>
    /// The CPU definition (domain XML &lt;cpu&gt;) that every one of <paramref name="cpus"/> can provide to a guest of this
    /// machine type and domain type, without features that would block migration.
    /// </summary>
    public string BaselineCpu(IReadOnlyList<string> cpus, string arch, string? machine, string virtType) =>
        Native.TakeString(
            Interop.Interop.virConnectBaselineHypervisorCPU(handle, null, arch, machine, virtType, [.. cpus], (uint)cpus.Count, BaselineMigratable),
            $"computing the CPU model common to {cpus.Count} host(s)");

    /// <summary>VIR_CONNECT_BASELINE_CPU_MIGRATABLE.</summary>
    private const uint BaselineMigratable = 2;

    /// <summary>The host's CPUs and memory.</summary>
    public unsafe HostResources GetResources()
    {
        Native.Check(Interop.Interop.virNodeGetInfo(handle, out var info), "reading the host's CPUs and memory");
        var model = System.Text.Encoding.ASCII.GetString(new ReadOnlySpan<byte>(info.Model, 32)).TrimEnd('\0');
        var count = 0;
        Native.Check(Interop.Interop.virNodeGetMemoryStats(handle, Interop.Interop.AllCells, null, ref count, 0), "reading the host's memory statistics");
        var stats = new Interop.Interop.NodeMemoryStat[count];
        fixed (Interop.Interop.NodeMemoryStat* buffer = stats)
        {
            Native.Check(Interop.Interop.virNodeGetMemoryStats(handle, Interop.Interop.AllCells, buffer, ref count, 0), "reading the host's memory statistics");
        }

        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stat in stats.Take(count))
        {
            var field = System.Text.Encoding.ASCII.GetString(new ReadOnlySpan<byte>(stat.Field, Interop.Interop.NodeMemoryStat.FieldLength)).TrimEnd('\0');
            values[field] = (long)stat.Value;
        }

        var total = values.GetValueOrDefault("total", (long)info.MemoryKiB);
        var free = values.GetValueOrDefault("free");
        return new HostResources(model, (int)info.Cpus, total, free, free + values.GetValueOrDefault("buffers") + values.GetValueOrDefault("cached"));
    }

    /// <summary>Defines (or redefines, for the same name and UUID) a persistent domain.</summary>
    public LibvirtDomain DefineDomain(string xml) =>
        new(Native.Check(Interop.Interop.virDomainDefineXML(handle, xml), "defining the domain"));

    /// <summary>Creates and starts a transient domain from XML.</summary>
    public LibvirtDomain CreateDomain(string xml, uint flags = 0) =>
        new(Native.Check(Interop.Interop.virDomainCreateXML(handle, xml, flags), "creating the domain"));

    /// <summary>The domain named <paramref name="name"/>, or null.</summary>
    public LibvirtDomain? FindDomainByName(string name) =>
        Find(Interop.Interop.virDomainLookupByName(handle, name), $"looking up domain '{name}'");

    /// <summary>The domain with UUID <paramref name="uuid"/>, or null.</summary>
    public LibvirtDomain? FindDomainByUuid(string uuid) =>
        Find(Interop.Interop.virDomainLookupByUUIDString(handle, uuid), $"looking up domain {uuid}");

    /// <summary>Every domain, running or defined.</summary>
    public IReadOnlyList<LibvirtDomain> ListAllDomains()
    {
        var count = Native.Check(Interop.Interop.virConnectListAllDomains(handle, out var array, 0), "listing domains");
        try
        {
            var domains = new List<LibvirtDomain>(count);
            for (var i = 0; i < count; i++)
            {
                domains.Add(new LibvirtDomain(new SafeDomainHandle(Marshal.ReadIntPtr(array, i * IntPtr.Size))));
            }

            return domains;
        }
        finally
        {
            unsafe
            {
                NativeMemory.Free((void*)array);
            }
        }
    }

    /// <summary>Starts delivering <see cref="DomainLifecycle"/> events for every domain of this connection.</summary>
    public unsafe void SubscribeLifecycleEvents()
    {
        if (lifecycleCallback >= 0)
        {
            return;
        }

        ByHandle[handle.DangerousGetHandle()] = this;
        lifecycleCallback = Native.Check(
            Interop.Interop.virConnectDomainEventRegisterAny(handle, IntPtr.Zero, Interop.Interop.DomainEventIdLifecycle, &OnLifecycle, IntPtr.Zero, IntPtr.Zero),
            "subscribing to domain lifecycle events");
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        if (lifecycleCallback >= 0)
        {
            Interop.Interop.virConnectDomainEventDeregisterAny(handle, lifecycleCallback);
            ByHandle.TryRemove(handle.DangerousGetHandle(), out _);
            lifecycleCallback = -1;
        }

        handle.Dispose();
    }

    private static LibvirtDomain? Find(SafeDomainHandle domain, string action)
    {
        if (!domain.IsInvalid)
        {
            return new LibvirtDomain(domain);
        }

        domain.Dispose();
        var error = Native.LastError(action);
        return error.Code == LibvirtErrorCode.NoDomain ? null : throw error;
    }

    [UnmanagedCallersOnly]
    private static void OnLifecycle(IntPtr conn, IntPtr domain, int eventType, int detail, IntPtr opaque)
    {
        if (!ByHandle.TryGetValue(conn, out var connection) || connection.DomainLifecycle is not { } handlers)
        {
            return;
        }

        // The domain reference is borrowed from libvirt for the duration of the callback: read it, never free it.
        var name = Marshal.PtrToStringUTF8(Interop.Interop.virDomainGetNameBorrowed(domain)) ?? "";
        Span<byte> uuid = stackalloc byte[LibvirtDomain.UuidStringLength + 1];
        unsafe
        {
            fixed (byte* buffer = uuid)
            {
                Interop.Interop.virDomainGetUUIDStringBorrowed(domain, buffer);
            }
        }

        handlers(new DomainLifecycleEvent(name, System.Text.Encoding.ASCII.GetString(uuid[..LibvirtDomain.UuidStringLength]), eventType, detail));
    }
}
