using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VirtAppliance.Hosts.Capabilities;

namespace VirtAppliance.Hosts.Probing;

/// <summary>
/// Describes the machine this runs on as libvirt's QEMU driver would: the QEMU emulators installed, whether KVM
/// really works (<see cref="KvmProbe"/>), memory, CPUs, and which firmware (SeaBIOS, OVMF) is installed.
/// </summary>
public static class LocalHostProbe
{
    /// <summary>The source name of probed capabilities.</summary>
    public const string SourceName = "local";

    private static readonly string[] OvmfFiles =
        ["/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/ovmf/OVMF.fd", "/usr/share/edk2/ovmf/OVMF_CODE.fd"];

    private static readonly string[] AavmfFiles = ["/usr/share/AAVMF/AAVMF_CODE.fd", "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"];

    private static readonly string[] SeaBiosFiles = ["/usr/share/seabios/bios-256k.bin", "/usr/share/seabios/bios.bin", "/usr/share/qemu/bios-256k.bin"];

    /// <summary>This machine's capabilities without libvirt: architecture, CPU, memory, QEMU and whether KVM works.</summary>
    public static HostCapabilities Probe(TimeSpan? kvmTimeout = null)
    {
        var hostArch = ArchName(RuntimeInformation.OSArchitecture);
        var notes = new List<string>();
        var isX86 = hostArch is "x86_64" or "i686";
        var kvm = isX86 ? KvmProbe.Run(timeout: kvmTimeout) : new KvmProbe.Result(false, "KVM probing is implemented for x86 hosts only");
        notes.Add($"KVM: {kvm.Detail}");

        var guests = new List<GuestCapability>();
        foreach (var (arch, emulatorName, native) in GuestArchitectures(hostArch))
        {
            var emulator = FindOnPath(emulatorName);
            if (emulator is null)
            {
                continue;
            }

            var domains = new List<GuestDomainType> { new("qemu", null, []) };
            if (native && kvm.Usable)
            {
                domains.Add(new GuestDomainType("kvm", null, []));
            }

            guests.Add(new GuestCapability
            {
                OsType = "hvm",
                Arch = arch,
                WordSize = arch is "i686" or "armv7l" ? 32 : 64,
                Emulator = emulator,
                Machines = Machines(emulator),
                Domains = domains,
                Features = new GuestFeatures
                {
                    Pae = arch == "i686",
                    NonPae = arch == "i686",
                    Acpi = arch is "x86_64" or "i686" or "aarch64" ? new ToggleFeature(true, true) : null,
                    Apic = arch is "x86_64" or "i686" ? new ToggleFeature(true, false) : null,
                },
            });
        }

        if (guests.Count == 0)
        {
            notes.Add($"no QEMU emulator for {hostArch} is installed (Debian: apt install qemu-system-x86)");
        }

        var firmware = Firmware(hostArch);
        notes.Add(firmware.Count == 0 ? "firmware: none found" : $"firmware: {string.Join(", ", firmware)}");
        return new HostCapabilities
        {
            Source = SourceName,
            Host = new HostInfo
            {
                Arch = hostArch,
                Cpus = Environment.ProcessorCount,
                MemoryKiB = MemoryKiB(),
                CpuFeatures = CpuFlags(),
            },
            Guests = guests,
            DomainCapabilities = guests.Select(g => new DomainCapabilities
            {
                Path = g.Emulator,
                Arch = g.Arch,
                DomainType = g.Domains[^1].Type,
                Firmware = firmware,
                DeviceEnums = new Dictionary<string, IReadOnlyList<string>> { ["disk.bus"] = ["ide", "scsi", "virtio", "usb", "sata"] },
            }).ToList(),
            KvmUsable = kvm.Usable,
            ProbeNotes = notes,
        };
    }

    /// <summary>libvirt's name for <paramref name="architecture"/>.</summary>
    public static string ArchName(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "i686",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "armv7l",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loongarch64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static IEnumerable<(string Arch, string Emulator, bool Native)> GuestArchitectures(string hostArch)
    {
        var x86 = hostArch is "x86_64" or "i686";
        var arm = hostArch is "aarch64" or "armv7l";
        yield return ("x86_64", "qemu-system-x86_64", hostArch == "x86_64");
        yield return ("i686", FindOnPath("qemu-system-i386") is null ? "qemu-system-x86_64" : "qemu-system-i386", x86);
        yield return ("aarch64", "qemu-system-aarch64", hostArch == "aarch64");
        yield return ("armv7l", "qemu-system-arm", arm);
        yield return ("ppc64le", "qemu-system-ppc64", hostArch == "ppc64le");
        yield return ("s390x", "qemu-system-s390x", hostArch == "s390x");
        yield return ("riscv64", "qemu-system-riscv64", hostArch == "riscv64");
    }

    private static List<string> Firmware(string hostArch)
    {
        var firmware = new List<string>();
        if (hostArch is "x86_64" or "i686")
        {
            if (SeaBiosFiles.Any(File.Exists))
            {
                firmware.Add("bios");
            }

            if (OvmfFiles.Any(File.Exists))
            {
                firmware.Add("efi");
            }
        }
        else if (hostArch == "aarch64" && AavmfFiles.Any(File.Exists))
        {
            firmware.Add("efi");
        }

        return firmware;
    }

    /// <summary>Machine types from "qemu-system-X -machine help" (name, and the canonical name an alias points to).</summary>
    private static List<MachineType> Machines(string emulator)
    {
        try
        {
            var info = new ProcessStartInfo(emulator, ["-machine", "help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return [];
            }

            var machines = new List<MachineType>();
            foreach (var line in output.Result.Split('\n').Skip(1))
            {
                var name = line.Split(' ', 2)[0].Trim();
                if (name.Length == 0 || name == "none")
                {
                    continue;
                }

                var alias = line.IndexOf("(alias of ", StringComparison.Ordinal);
                var canonical = alias < 0 ? null : line[(alias + 10)..].TrimEnd(')', ' ', '\r');
                machines.Add(new MachineType(name, canonical, null, line.Contains("(deprecated)", StringComparison.Ordinal)));
            }

            return machines;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    private static long? MemoryKiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var number = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<string> CpuFlags()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? [] : [.. line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
