using System.Runtime.InteropServices;
using VirtAppliance.Hosts.Interop;

namespace VirtAppliance.Hosts.Probing;

/// <summary>
/// Whether KVM really runs a guest: /dev/kvm existing is not enough (nested virtualization can hang). Creates a VM
/// with one page of real-mode code that uses an SSE instruction (which a broken nested KVM can only emulate, and cannot),
/// writes to a port and halts; runs it on a separate thread and waits a bounded time.
/// </summary>
public static class KvmProbe
{
    private const long GuestAddress = 0x1000;
    private const int PageSize = 4096;

    /// <summary>pxor xmm0, xmm0; mov al, 0x42; out 0x10, al; hlt</summary>
    private static readonly byte[] GuestCode = [0x66, 0x0F, 0xEF, 0xC0, 0xB0, 0x42, 0xE6, 0x10, 0xF4];

    /// <summary>The outcome of the probe.</summary>
    /// <param name="Usable">Whether KVM ran a guest.</param>
    /// <param name="Detail">Why not, or what ran.</param>
    public sealed record Result(bool Usable, string Detail);

    /// <summary>Checks that <paramref name="device"/> runs a tiny guest within <paramref name="timeout"/>.</summary>
    public static Result Run(string device = "/dev/kvm", TimeSpan? timeout = null)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86))
        {
            return new Result(false, "the KVM probe runs on x86 Linux hosts only");
        }

        if (!File.Exists(device))
        {
            return new Result(false, $"{device} does not exist (no KVM module loaded, or no hardware virtualization)");
        }

        Result? outcome = null;
        var thread = new Thread(() => outcome = RunGuest(device)) { IsBackground = true, Name = "kvm-probe" };
        thread.Start();
        if (!thread.Join(timeout ?? TimeSpan.FromSeconds(3)))
        {
            return new Result(false, $"{device} exists but a test guest did not finish within {(timeout ?? TimeSpan.FromSeconds(3)).TotalSeconds:0} s (KVM hangs here; nested virtualization is likely broken)");
        }

        return outcome ?? new Result(false, "the KVM probe failed without a result");
    }

    private static unsafe Result RunGuest(string device)
    {
        var kvm = Kvm.Open(device, Kvm.ORdWr | Kvm.OCloExec);
        if (kvm < 0)
        {
            return new Result(false, CannotOpen(device, Marshal.GetLastPInvokeError()));
        }

        int vm = -1, vcpu = -1;
        nint memory = 0, run = 0;
        nuint runSize = 0;
        try
        {
            if (Kvm.Ioctl(kvm, Kvm.GetApiVersion, 0) != Kvm.ExpectedApiVersion)
            {
                return new Result(false, "KVM reports an unexpected API version");
            }

            vm = Check(Kvm.Ioctl(kvm, Kvm.CreateVm, 0), "KVM_CREATE_VM");
            memory = Kvm.Mmap(0, PageSize, Kvm.ProtRead | Kvm.ProtWrite, Kvm.MapPrivate | Kvm.MapAnonymous, -1, 0);
            GuestCode.CopyTo(new Span<byte>((void*)memory, PageSize));
            var region = stackalloc ulong[4];
            region[0] = 0;
            region[1] = GuestAddress;
            region[2] = PageSize;
            region[3] = (ulong)memory;
            Check(Kvm.Ioctl(vm, Kvm.SetUserMemoryRegion, (nint)region), "KVM_SET_USER_MEMORY_REGION");
            vcpu = Check(Kvm.Ioctl(vm, Kvm.CreateVcpu, 0), "KVM_CREATE_VCPU");
            runSize = (nuint)Check(Kvm.Ioctl(kvm, Kvm.GetVcpuMmapSize, 0), "KVM_GET_VCPU_MMAP_SIZE");
            run = Kvm.Mmap(0, runSize, Kvm.ProtRead | Kvm.ProtWrite, Kvm.MapShared, vcpu, 0);
            SetUpRealMode(vcpu);
            var exits = new List<uint>();
            for (var step = 0; step < 4; step++)
            {
                Check(Kvm.Ioctl(vcpu, Kvm.Run, 0), "KVM_RUN");
                var reason = *(uint*)(run + Kvm.RunExitReasonOffset);
                exits.Add(reason);
                if (reason == Kvm.ExitHlt)
                {
                    return new Result(true, "KVM ran a test guest to completion");
                }

                if (reason == Kvm.ExitInternalError)
                {
                    return new Result(false, "KVM could not execute a test guest's SSE instruction (internal emulation error): nested virtualization is broken here, guests would crash");
                }

                if (reason != Kvm.ExitIo)
                {
                    break;
                }
            }

            return new Result(false, $"the KVM test guest stopped unexpectedly (exit reasons {string.Join(", ", exits)})");
        }
        catch (IOException exception)
        {
            return new Result(false, exception.Message);
        }
        finally
        {
            if (run != 0)
            {
                Kvm.Munmap(run, runSize);
            }

            if (memory != 0)
            {
                Kvm.Munmap(memory, PageSize);
            }

            foreach (var fd in new[] { vcpu, vm, kvm }.Where(fd => fd >= 0))
            {
                Kvm.Close(fd);
            }
        }
    }

    /// <summary>Why <paramref name="device"/> cannot be opened, and what the user can do about it.</summary>
    internal static string CannotOpen(string device, int errno)
    {
        const int PermissionDenied = 13;
        if (errno != PermissionDenied)
        {
            return $"{device} cannot be opened (errno {errno})";
        }

        var user = Environment.UserName;
        var mode = File.GetUnixFileMode(device);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite)) == (UnixFileMode.GroupRead | UnixFileMode.GroupWrite)
            ? $"{device} cannot be opened by {user} (permission denied): add {user} to the kvm group (adduser {user} kvm) and log in again"
            : $"{device} cannot be opened by {user} (permission denied; it is readable and writable by its owner only): "
              + "an administrator can give the kvm group access (udev does so on a standard Debian host) and add you to it";
    }

    private static unsafe void SetUpRealMode(int vcpu)
    {
        var sregs = stackalloc byte[Kvm.SregsSize];
        Check(Kvm.Ioctl(vcpu, Kvm.GetSregs, (nint)sregs), "KVM_GET_SREGS");
        *(ulong*)(sregs + Kvm.SegmentBaseOffset) = 0;
        *(ushort*)(sregs + Kvm.SegmentSelectorOffset) = 0;
        *(ulong*)(sregs + Kvm.SregsCr0Offset) = (*(ulong*)(sregs + Kvm.SregsCr0Offset) & ~Kvm.Cr0Emulation) | Kvm.Cr0MonitorCoprocessor;
        *(ulong*)(sregs + Kvm.SregsCr4Offset) |= Kvm.Cr4OsFxsr;
        Check(Kvm.Ioctl(vcpu, Kvm.SetSregs, (nint)sregs), "KVM_SET_SREGS");
        var regs = stackalloc byte[Kvm.RegsSize];
        new Span<byte>(regs, Kvm.RegsSize).Clear();
        *(ulong*)(regs + Kvm.RegsRipOffset) = GuestAddress;
        *(ulong*)(regs + Kvm.RegsRflagsOffset) = 0x2;
        Check(Kvm.Ioctl(vcpu, Kvm.SetRegs, (nint)regs), "KVM_SET_REGS");
    }

    private static int Check(int result, string operation) =>
        result >= 0 ? result : throw new IOException($"{operation} failed (errno {Marshal.GetLastPInvokeError()})");
}
