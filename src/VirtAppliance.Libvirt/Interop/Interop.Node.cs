using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>virNodeInfo (libvirt-host.h): unsigned long is 64 bits on the LP64 platforms this runs on.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NodeInfo
    {
        public fixed byte Model[32];
        public ulong MemoryKiB;
        public uint Cpus;
        public uint Mhz;
        public uint Nodes;
        public uint Sockets;
        public uint Cores;
        public uint Threads;
    }

    /// <summary>virNodeMemoryStats: a field name (VIR_NODE_MEMORY_STATS_FIELD_LENGTH = 80) and its value in KiB.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct NodeMemoryStat
    {
        public const int FieldLength = 80;
        public fixed byte Field[FieldLength];
        public ulong Value;
    }

    /// <summary>VIR_NODE_MEMORY_STATS_ALL_CELLS: the whole host, not one NUMA cell.</summary>
    internal const int AllCells = -1;

    /// <summary>virDomainInfo (libvirt-domain.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct DomainInfo
    {
        public byte State;
        public ulong MaxMemKiB;
        public ulong MemoryKiB;
        public ushort VirtualCpus;
        public ulong CpuTime;
    }

    [LibraryImport(Libvirt)]
    internal static partial int virNodeGetInfo(SafeConnectHandle conn, out NodeInfo info);

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virNodeGetMemoryStats(SafeConnectHandle conn, int cellNum, NodeMemoryStat* stats, ref int count, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainGetInfo(SafeDomainHandle domain, out DomainInfo info);
}
