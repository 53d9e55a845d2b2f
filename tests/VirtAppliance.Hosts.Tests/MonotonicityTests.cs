using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Hosts.Tests;

/// <summary>Property: offering more (a guest, a domain type, a feature, a machine, firmware, memory) never turns "runs" into "does not run".</summary>
[Trait("Category", "Fast")]
public sealed class MonotonicityTests
{
    private static readonly string[] Arches = ["i686", "x86_64", "aarch64"];
    private static readonly string[] OsTypes = ["hvm", "xen"];
    private static readonly string[] DomainTypes = ["qemu", "kvm", "xen", "test"];
    private static readonly string[] MachineNames = ["pc", "q35", "virt", "xenpv", "xenfv"];

    [Fact]
    public void AddingACapabilityNeverTurnsRunsIntoDoesNotRun()
    {
        var random = new Random(20260101);
        var descriptors = new[] { "multiboot.xml", "extended.xml", "appliance-creator.xml" }.Select(Fixtures.Descriptor).ToList();
        descriptors.Add(WithRequirements(descriptors[1]));
        var checkedPairs = 0;
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var host = RandomHost(random);
            var richer = AddCapability(host, random);
            foreach (var descriptor in descriptors)
            {
                var before = VariantMatcher.Match(descriptor, host);
                var after = VariantMatcher.Match(descriptor, richer);
                for (var i = 0; i < before.Variants.Count; i++)
                {
                    if (before.Variants[i].Runs)
                    {
                        checkedPairs++;
                        Assert.True(after.Variants[i].Runs,
                            $"variant {i} of {descriptor.Name} ran before adding a capability and not after: {string.Join("; ", after.Variants[i].Reasons)}");
                    }
                }

                Assert.True(after.Chosen is not null || before.Chosen is null);
            }
        }

        Assert.True(checkedPairs > 500, $"only {checkedPairs} running variants were exercised");
    }

    private static ApplianceDescriptor WithRequirements(ApplianceDescriptor descriptor) => descriptor with
    {
        Boots = descriptor.Boots.Select(b => b with
        {
            Requirements = new VariantRequirements { Machine = "q35", MinMemoryMiB = 1024, CpuFeatures = ["aes"], DiskBus = "virtio" },
        }).ToList(),
    };

    private static HostCapabilities RandomHost(Random random)
    {
        var guests = Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomGuest(random)).ToList();
        return new HostCapabilities
        {
            Source = "random",
            Host = new HostInfo
            {
                MemoryKiB = random.Next(2) == 0 ? null : random.Next(256, 65536) * 1024L,
                Cpus = random.Next(1, 16),
                CpuFeatures = random.Next(2) == 0 ? [] : ["aes", "sse2"],
            },
            Guests = guests,
            DomainCapabilities = random.Next(3) == 0 ? [] :
                [new DomainCapabilities { Firmware = random.Next(2) == 0 ? ["bios"] : ["bios", "efi"], DeviceEnums = new Dictionary<string, IReadOnlyList<string>> { ["disk.bus"] = ["ide", "virtio"] } }],
            KvmUsable = random.Next(3) switch { 0 => null, 1 => true, _ => false },
        };
    }

    private static GuestCapability RandomGuest(Random random) => new()
    {
        OsType = OsTypes[random.Next(OsTypes.Length)],
        Arch = Arches[random.Next(Arches.Length)],
        Machines = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new MachineType(MachineNames[random.Next(MachineNames.Length)], null, random.Next(2) == 0 ? null : random.Next(1, 300), false)).ToList(),
        Domains = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new GuestDomainType(DomainTypes[random.Next(DomainTypes.Length)], null, [])).ToList(),
        Features = new GuestFeatures { Pae = random.Next(2) == 0, NonPae = random.Next(2) == 0, Acpi = random.Next(2) == 0 ? null : new ToggleFeature(true, true) },
    };

    private static HostCapabilities AddCapability(HostCapabilities host, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return host with { Guests = [.. host.Guests, RandomGuest(random)] };
            case 1 when host.Guests.Count > 0:
                var index = random.Next(host.Guests.Count);
                var guest = host.Guests[index];
                var richer = guest with { Domains = [.. guest.Domains, new GuestDomainType(DomainTypes[random.Next(DomainTypes.Length)], null, [])] };
                return host with { Guests = host.Guests.Select((g, i) => i == index ? richer : g).ToList() };
            case 2 when host.Guests.Count > 0:
                return host with { Guests = host.Guests.Select(g => g with { Features = g.Features with { Pae = true, NonPae = true } }).ToList() };
            case 3 when host.Guests.Count > 0:
                return host with { Guests = host.Guests.Select(g => g with { Machines = [.. g.Machines, new MachineType(MachineNames[random.Next(MachineNames.Length)], null, null, false)] }).ToList() };
            case 4 when host.Host.MemoryKiB is { } memory:
                return host with { Host = host.Host with { MemoryKiB = memory * 2, CpuFeatures = [.. host.Host.CpuFeatures, "avx2"] } };
            default:
                return host with { DomainCapabilities = host.DomainCapabilities.Select(d => d with { Firmware = [.. d.Firmware, "efi"] }).ToList() };
        }
    }
}
