using System.Runtime.InteropServices;

namespace VirtAppliance.Hosts.Interop;

/// <summary>The KVM ioctls (linux/kvm.h) and libc calls the KVM probe needs.</summary>
internal static partial class Kvm
{
    public const ulong GetApiVersion = 0xAE00;
    public const ulong CreateVm = 0xAE01;
    public const ulong GetVcpuMmapSize = 0xAE04;
    public const ulong CreateVcpu = 0xAE41;
    public const ulong SetUserMemoryRegion = 0x4020AE46;
    public const ulong Run = 0xAE80;
    public const ulong GetRegs = 0x8090AE81;
    public const ulong SetRegs = 0x4090AE82;
    public const ulong GetSregs = 0x8138AE83;
    public const ulong SetSregs = 0x4138AE84;

    public const int ExpectedApiVersion = 12;
    public const int RegsSize = 0x90;
    public const int SregsSize = 0x138;
    public const int RegsRipOffset = 16 * 8;
    public const int RegsRflagsOffset = 17 * 8;
    public const int SegmentBaseOffset = 0;
    public const int SegmentSelectorOffset = 12;
    public const int SregsCr0Offset = 8 * 24 + 2 * 16;
    public const int SregsCr4Offset = SregsCr0Offset + 3 * 8;
    public const ulong Cr0MonitorCoprocessor = 1 << 1;
    public const ulong Cr0Emulation = 1 << 2;
    public const ulong Cr4OsFxsr = 1 << 9;
    public const int RunExitReasonOffset = 8;
    public const uint ExitIo = 2;
    public const uint ExitHlt = 5;
    public const uint ExitInternalError = 17;

    public const int ORdWr = 2;
    public const int OCloExec = 0x80000;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapShared = 1;
    public const int MapPrivate = 2;
    public const int MapAnonymous = 0x20;

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, nint argument);

    [LibraryImport("libc.so.6", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc.so.6", EntryPoint = "munmap")]
    public static partial int Munmap(nint address, nuint length);
}
