using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Capabilities;

namespace VirtAppliance.Hosts.Matching;

/// <summary>
/// Decides, for every boot variant and host, whether it runs (accelerated), runs only emulated, or does not run, with
/// the reasons; then chooses one variant per host by a documented ranking (docs/descriptor.md, "Choosing a variant"):
/// accelerated before emulated; then higher preference; then Xen paravirtual before full virtualization (both
/// accelerated); then descriptor order. A --boot override chooses that variant if it runs at all.
/// </summary>
public static class VariantMatcher
{
    private static readonly string[] AcceleratedTypes = ["kvm", "xen", "hvf", "whpx", "hyperv", "vz", "bhyve", "test"];
    private static readonly string[] EmulatedTypes = ["qemu", "kqemu", "tcg"];
    private static readonly string[] DomainTypePriority = ["kvm", "xen", "hvf", "whpx", "hyperv", "vz", "bhyve", "test", "kqemu", "qemu", "tcg"];

    /// <summary>Judges every variant of <paramref name="descriptor"/> on <paramref name="host"/> and chooses one (<paramref name="bootOverride"/>: only that one).</summary>
    public static HostMatch Match(ApplianceDescriptor descriptor, HostCapabilities host, string? bootOverride = null)
    {
        var verdicts = descriptor.Boots.Select(boot => Evaluate(descriptor, boot, host)).ToList();
        return new HostMatch(host.Source, Choose(descriptor, verdicts, bootOverride), verdicts, host.ProbeNotes);
    }

    /// <summary>Resolves --boot ID|INDEX to a variant index, or throws ArgumentException listing the variants.</summary>
    public static int ResolveBoot(ApplianceDescriptor descriptor, string boot)
    {
        var byId = descriptor.Boots.FirstOrDefault(b => b.Id == boot);
        if (byId is not null)
        {
            return byId.Index;
        }

        if (int.TryParse(boot, out var index) && index >= 0 && index < descriptor.Boots.Count)
        {
            return index;
        }

        throw new ArgumentException($"--boot '{boot}' names no variant; variants: {string.Join(", ", descriptor.Boots.Select(b => $"{b.Index} ({b.Id})"))}");
    }

    private static int? Choose(ApplianceDescriptor descriptor, List<VariantVerdict> verdicts, string? bootOverride)
    {
        if (bootOverride is not null)
        {
            var index = ResolveBoot(descriptor, bootOverride);
            return verdicts[index].Runs ? index : null;
        }

        return verdicts
            .Where(v => v.Runs)
            .OrderBy(v => v.Verdict)
            .ThenByDescending(v => descriptor.Boots[v.Index].Preference)
            .ThenBy(v => v.Verdict == RunVerdict.Runs && descriptor.Boots[v.Index].IsParavirtual ? 0 : 1)
            .ThenBy(v => v.Index)
            .Select(v => (int?)v.Index)
            .FirstOrDefault();
    }

    private static VariantVerdict Evaluate(ApplianceDescriptor descriptor, BootVariant boot, HostCapabilities host)
    {
        var wanted = $"a {Describe(boot)} guest";
        var osType = boot.Type == BootType.Xen ? "xen" : "hvm";
        var sameType = host.Guests.Where(g => g.OsType == osType).ToList();
        var candidates = sameType.Where(g => g.Arch == boot.Arch).ToList();
        if (candidates.Count == 0)
        {
            return Fail(boot, $"needs {wanted}; {HostSummary.Offers(host)}");
        }

        var featureFit = candidates.Where(g => FeatureProblem(boot, g) is null).ToList();
        if (featureFit.Count == 0)
        {
            return Fail(boot, $"needs {wanted}; {FeatureProblem(boot, candidates[0])}");
        }

        var kvmNote = KvmNote(featureFit, host);
        var options = DomainOptions(featureFit, host);
        if (options.Count == 0)
        {
            return Fail(boot, $"needs {wanted}; the host lists such guests but no domain type (hypervisor) for them{kvmNote}");
        }

        // The first option (by domain type priority) that meets every requirement wins, so that offering more never hurts.
        List<string>? firstProblems = null;
        foreach (var (guest, domainType) in options)
        {
            var accelerated = IsAccelerated(domainType);
            var problems = RequirementProblems(descriptor, boot, guest, host).ToList();
            if (!accelerated && boot.Requirements.AcceleratorRequired)
            {
                problems.Insert(0, $"needs hardware acceleration; this host runs {boot.Arch} guests only emulated ({domainType}){kvmNote}");
            }

            if (problems.Count == 0)
            {
                var reason = accelerated
                    ? $"runs accelerated as {HostSummary.Describe(osType)} {boot.Arch} with {domainType}"
                    : $"runs only emulated as {HostSummary.Describe(osType)} {boot.Arch} with {domainType} (slow: no hardware acceleration{kvmNote})";
                return new VariantVerdict(boot.Index, boot.Id, accelerated ? RunVerdict.Runs : RunVerdict.RunsEmulated, domainType, boot.Arch, [reason]);
            }

            firstProblems ??= problems;
        }

        return new VariantVerdict(boot.Index, boot.Id, RunVerdict.DoesNotRun, null, boot.Arch, firstProblems!);
    }

    private static string Describe(BootVariant boot)
    {
        var kind = boot.Type == BootType.Xen ? "Xen paravirt" : "hvm";
        var pae = boot.Pae switch { FeatureState.On => " with PAE", FeatureState.Off => " without PAE", _ => "" };
        return $"{kind} {boot.Arch}{pae}";
    }

    /// <summary>virt-image's pae/nonpae algebra: host &lt;pae/&gt; offers PAE on, &lt;nonpae/&gt; offers it off. x86_64 implies PAE.</summary>
    private static string? FeatureProblem(BootVariant boot, GuestCapability guest)
    {
        var offersPae = guest.Features.Pae || guest.Arch == "x86_64";
        var offersNonPae = guest.Features.NonPae;
        if (boot.Pae == FeatureState.On && !offersPae)
        {
            return $"this host's {HostSummary.Describe(guest.OsType)} {guest.Arch} guests offer no PAE{(offersNonPae ? " (non-PAE only)" : "")}";
        }

        if (boot.Pae == FeatureState.Off && !offersNonPae)
        {
            return $"this host's {HostSummary.Describe(guest.OsType)} {guest.Arch} guests offer PAE only (no non-PAE)";
        }

        if (Conflicts(boot.Acpi, guest.Features.Acpi))
        {
            return $"the variant asks for ACPI {(boot.Acpi == FeatureState.On ? "on" : "off")}, which this host's {guest.Arch} guests cannot have";
        }

        return Conflicts(boot.Apic, guest.Features.Apic)
            ? $"the variant asks for APIC {(boot.Apic == FeatureState.On ? "on" : "off")}, which this host's {guest.Arch} guests cannot have"
            : null;
    }

    private static bool Conflicts(FeatureState wanted, ToggleFeature? offered) =>
        offered is not null && !offered.Toggle && wanted != FeatureState.Unspecified && (wanted == FeatureState.On) != offered.DefaultOn;

    private static List<(GuestCapability Guest, string Type)> DomainOptions(List<GuestCapability> guests, HostCapabilities host) =>
        guests
            .SelectMany(g => g.Domains.Select(d => (Guest: g, d.Type)))
            .Where(o => !(host.KvmUsable == false && o.Type == "kvm"))
            .OrderBy(o => Array.IndexOf(DomainTypePriority, o.Type) is var rank and >= 0 ? rank : DomainTypePriority.Length)
            .ToList();

    private static string KvmNote(List<GuestCapability> guests, HostCapabilities host)
    {
        var advertisedKvm = guests.Any(g => g.Domains.Any(d => d.Type == "kvm"));
        return host.KvmUsable == false && (advertisedKvm || host.Source == Probing.LocalHostProbe.SourceName)
            ? "; KVM does not run guests on this host"
            : "";
    }

    private static bool IsAccelerated(string domainType) => AcceleratedTypes.Contains(domainType) || !EmulatedTypes.Contains(domainType);

    private static IEnumerable<string> RequirementProblems(ApplianceDescriptor descriptor, BootVariant boot, GuestCapability guest, HostCapabilities host)
    {
        var requirements = boot.Requirements;
        var hostMemoryMiB = host.Host.MemoryKiB / 1024;
        var wantedMemoryMiB = Math.Max(requirements.MinMemoryMiB ?? 0, descriptor.Devices.MemoryKiB / 1024);
        if (hostMemoryMiB is { } memory && wantedMemoryMiB > memory)
        {
            yield return $"needs {wantedMemoryMiB} MiB of memory; this host has {memory} MiB";
        }

        if (requirements.MinVcpus is { } minVcpus && host.Host.Cpus is { } cpus && minVcpus > cpus)
        {
            yield return $"needs at least {minVcpus} CPUs; this host has {cpus}";
        }

        var machines = guest.Machines.Concat(guest.Domains.SelectMany(d => d.Machines)).ToList();
        var maxCpus = machines.Select(m => m.MaxCpus).Where(m => m is not null).DefaultIfEmpty(null).Max();
        var wantedVcpus = Math.Max(requirements.MinVcpus ?? 0, descriptor.Devices.Vcpus);
        if (maxCpus is { } limit && wantedVcpus > limit)
        {
            yield return $"needs {wantedVcpus} vCPUs; this host's {guest.Arch} machines allow at most {limit}";
        }

        if (requirements.Machine is { } machine && !machines.Any(m => MachineMatches(m, machine)))
        {
            yield return machines.Count == 0
                ? $"needs machine type {machine}; this host does not list its machine types"
                : $"needs machine type {machine}; this host's {guest.Arch} guests offer {string.Join(", ", machines.Select(m => m.Name).Distinct().Take(8))}";
        }

        foreach (var problem in FirmwareProblems(boot, guest, host))
        {
            yield return problem;
        }

        var missingFeatures = requirements.CpuFeatures.Where(f => !host.Host.CpuFeatures.Contains(f)).ToList();
        if (missingFeatures.Count > 0)
        {
            yield return host.Host.CpuFeatures.Count == 0
                ? $"needs CPU features {string.Join(", ", missingFeatures)}; this host does not report its CPU features"
                : $"needs CPU features {string.Join(", ", missingFeatures)}, which this host's CPU lacks";
        }

        if (requirements.DiskBus is { } bus && DiskBuses(boot, guest, host) is { } buses && !buses.Contains(bus))
        {
            yield return $"needs disk bus {bus}; this host offers {string.Join(", ", buses)}";
        }
    }

    private static IEnumerable<string> FirmwareProblems(BootVariant boot, GuestCapability guest, HostCapabilities host)
    {
        if (boot.Requirements.Firmware is not { } firmware || boot.Type == BootType.Xen)
        {
            yield break;
        }

        var reported = host.DomainCapabilities.Where(d => d.Arch is null || d.Arch == guest.Arch).ToList();
        var offered = reported.SelectMany(d => d.Firmware).Distinct().ToList();
        if (firmware == "efi" && !offered.Contains("efi") && !reported.Any(d => d.Loaders.Count > 0))
        {
            yield return reported.Count == 0
                ? "needs UEFI firmware; this host's firmware is not known (pass --domcapabilities FILE from 'virsh domcapabilities')"
                : "needs UEFI firmware; this host reports none (Debian: apt install ovmf)";
        }

        if (firmware == "bios" && guest.Arch is not ("x86_64" or "i686"))
        {
            yield return $"needs BIOS firmware, which {guest.Arch} guests do not have";
        }
    }

    private static IReadOnlyList<string>? DiskBuses(BootVariant boot, GuestCapability guest, HostCapabilities host)
    {
        var reported = host.DomainCapabilities.Where(d => d.Arch is null || d.Arch == guest.Arch)
            .SelectMany(d => d.DeviceEnums.TryGetValue("disk.bus", out var buses) ? buses : []).Distinct().ToList();
        if (reported.Count > 0)
        {
            return reported;
        }

        return boot.Type == BootType.Xen ? ["xen"] : null;
    }

    private static bool MachineMatches(MachineType machine, string wanted) =>
        machine.Name == wanted || machine.Canonical == wanted ||
        machine.Name.StartsWith($"pc-{wanted}-", StringComparison.Ordinal) || (machine.Canonical?.StartsWith($"pc-{wanted}-", StringComparison.Ordinal) ?? false) ||
        (wanted == "pc" && machine.Name.StartsWith("pc-i440fx-", StringComparison.Ordinal));

    private static VariantVerdict Fail(BootVariant boot, string reason) =>
        new(boot.Index, boot.Id, RunVerdict.DoesNotRun, null, boot.Arch, [reason]);
}
