using VirtAppliance.Fleet.Placement;

namespace VirtAppliance.Fleet.Tests;

[Trait("Category", "Fast")]
public sealed class PlacerTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = PlacementRequest.NoLabels;

    private static PlacementHost Host(string name, long memoryMiB = 4096, int cpus = 4, bool accelerated = true, bool runs = true, long reserve = 0, int inUse = 0, double overcommit = 1.0, params (string, string)[] labels) =>
        new(name, labels.ToDictionary(l => l.Item1, l => l.Item2, StringComparer.Ordinal),
            runs ? new PlacementVariant(0, "bios", accelerated ? "kvm" : "qemu", accelerated) : null, runs ? null : "needs a hvm x86_64 guest; this host offers hvm i686",
            memoryMiB, reserve, cpus, inUse, overcommit);

    [Fact]
    public void Spread_puts_six_instances_two_on_each_of_three_hosts()
    {
        var result = Placer.Place([Host("c"), Host("a"), Host("b")], new PlacementRequest(6, 256, 1, PlacementPolicy.Spread, NoLabels));

        Assert.True(result.Complete);
        Assert.Equal(["a", "b", "c", "a", "b", "c"], result.Assignments.Select(a => a.Host));
        Assert.Empty(result.Unused);
    }

    [Fact]
    public void Pack_fills_one_host_before_the_next()
    {
        var result = Placer.Place([Host("a", memoryMiB: 1024), Host("b", memoryMiB: 1024)], new PlacementRequest(5, 256, 1, PlacementPolicy.Pack, NoLabels));

        Assert.Equal(["a", "a", "a", "a", "b"], result.Assignments.Select(a => a.Host));
    }

    [Fact]
    public void Every_host_not_chosen_is_given_its_reason()
    {
        var hosts = new[]
        {
            Host("fast", labels: ("zone", "a")),
            Host("no-variant", runs: false, labels: ("zone", "a")),
            Host("small", memoryMiB: 1024, reserve: 900, labels: ("zone", "a")),
            Host("busy", cpus: 2, inUse: 2, labels: ("zone", "a")),
            Host("elsewhere", labels: ("zone", "b")),
            Host("unlabelled"),
            Host("slow", accelerated: false, labels: ("zone", "a")),
        };

        var result = Placer.Place(hosts, new PlacementRequest(2, 256, 1, PlacementPolicy.Spread, new Dictionary<string, string> { ["zone"] = "a" }));

        Assert.Equal(["fast", "fast"], result.Assignments.Select(a => a.Host));
        var reasons = result.Unused.ToDictionary(r => r.Host, r => r.Reason);
        Assert.StartsWith("no variant runs here: needs a hvm x86_64 guest", reasons["no-variant"], StringComparison.Ordinal);
        Assert.Equal("not enough memory: an instance needs 256 MiB, 124 MiB are free after the host's 900 MiB reserve", reasons["small"]);
        Assert.Equal("not enough vCPUs: an instance needs 1, 2 of 2 are in use (2 CPUs × 1 overcommit)", reasons["busy"]);
        Assert.Equal("label zone=b (wanted zone=a)", reasons["elsewhere"]);
        Assert.Equal("no label zone (wanted zone=a)", reasons["unlabelled"]);
        Assert.Equal("runs the appliance only emulated; hosts with hardware acceleration took the instances", reasons["slow"]);
    }

    [Fact]
    public void Emulating_hosts_are_used_once_accelerated_ones_are_full()
    {
        var result = Placer.Place([Host("kvm", memoryMiB: 512), Host("tcg", accelerated: false)], new PlacementRequest(3, 256, 1, PlacementPolicy.Spread, NoLabels));

        Assert.Equal(["kvm", "kvm", "tcg"], result.Assignments.Select(a => a.Host));
        Assert.Equal("qemu", result.Assignments[2].Variant.DomainType);
    }

    [Fact]
    public void Instances_that_fit_nowhere_are_counted_not_forced()
    {
        var result = Placer.Place([Host("a", memoryMiB: 600)], new PlacementRequest(4, 256, 1, PlacementPolicy.Spread, NoLabels));

        Assert.Equal(2, result.Assignments.Count);
        Assert.Equal(2, result.Unplaced);
        Assert.False(result.Complete);
    }

    [Fact]
    public void Spreading_counts_the_instances_already_on_each_host()
    {
        var hosts = new[] { Host("a") with { InstancesOfAppliance = 2 }, Host("b"), Host("c") with { InstancesOfAppliance = 1 } };

        var result = Placer.Place(hosts, new PlacementRequest(3, 256, 1, PlacementPolicy.Spread, NoLabels));

        Assert.Equal(["b", "c", "b"], result.Assignments.Select(a => a.Host));
    }

    /// <summary>Properties over random fleets (fixed seeds): no over-commitment, no host the matcher or labels rule out, same answer for the same input.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Random_fleets_keep_every_invariant(int seed)
    {
        var random = new Random(seed * 7919);
        var hosts = SyntheticFleet.Hosts(random.Next(1, 60), seed);
        var labels = random.Next(3) == 0 ? new Dictionary<string, string> { ["zone"] = "z1" } : new Dictionary<string, string>();
        var request = new PlacementRequest(random.Next(0, 400), random.Next(1, 17) * 256, random.Next(1, 9), random.Next(2) == 0 ? PlacementPolicy.Spread : PlacementPolicy.Pack, labels);

        var result = Placer.Place(hosts, request);

        var byName = hosts.ToDictionary(h => h.Name);
        Assert.Equal(request.Count, result.Assignments.Count + result.Unplaced);
        foreach (var group in result.Assignments.GroupBy(a => a.Host))
        {
            var host = byName[group.Key];
            Assert.NotNull(host.Variant);
            Assert.Equal(host.Variant, group.First().Variant);
            Assert.All(labels, l => Assert.Equal(l.Value, host.Labels.GetValueOrDefault(l.Key)));
            Assert.True(host.VcpusInUse + group.Count() * request.Vcpus <= host.VcpuCapacity, $"{host.Name}: vCPUs over-committed beyond {host.CpuOvercommit}");
            Assert.True(group.Count() * request.MemoryMiB <= host.AvailableMemoryMiB - host.ReserveMemoryMiB, $"{host.Name}: memory beyond what is free after the reserve");
        }

        // Nothing was left unplaced while a host could still take an instance.
        if (result.Unplaced > 0)
        {
            var placed = result.Assignments.GroupBy(a => a.Host).ToDictionary(g => g.Key, g => g.Count());
            Assert.DoesNotContain(hosts, h => h.Variant is not null && labels.All(l => h.Labels.GetValueOrDefault(l.Key) == l.Value)
                && h.AvailableMemoryMiB - h.ReserveMemoryMiB - (placed.GetValueOrDefault(h.Name) + 1) * request.MemoryMiB >= 0
                && h.VcpusInUse + (placed.GetValueOrDefault(h.Name) + 1) * request.Vcpus <= h.VcpuCapacity);
        }

        // No emulated host was used while an accelerated one had room left at the end.
        if (result.Assignments.Any(a => !a.Variant.Accelerated))
        {
            var placed = result.Assignments.GroupBy(a => a.Host).ToDictionary(g => g.Key, g => g.Count());
            Assert.DoesNotContain(hosts, h => h.Variant is { Accelerated: true } && labels.All(l => h.Labels.GetValueOrDefault(l.Key) == l.Value)
                && h.AvailableMemoryMiB - h.ReserveMemoryMiB - (placed.GetValueOrDefault(h.Name) + 1) * request.MemoryMiB >= 0
                && h.VcpusInUse + (placed.GetValueOrDefault(h.Name) + 1) * request.Vcpus <= h.VcpuCapacity);
        }

        var shuffled = hosts.OrderBy(_ => random.Next()).ToList();
        Assert.Equal(result.Assignments, Placer.Place(shuffled, request).Assignments);
        Assert.Equal(result.Unused, Placer.Place(shuffled, request).Unused);
    }

    [Fact]
    public void Spread_evens_out_the_counts_and_gives_the_odd_ones_to_the_hosts_with_most_memory_free()
    {
        var hosts = Enumerable.Range(0, 7).Select(i => Host($"h{i}", memoryMiB: 1024 * (i + 1), cpus: 16)).ToList();

        var result = Placer.Place(hosts, new PlacementRequest(20, 256, 1, PlacementPolicy.Spread, NoLabels));

        var counts = hosts.Select(h => result.Assignments.Count(a => a.Host == h.Name)).ToArray();
        Assert.Equal([2, 3, 3, 3, 3, 3, 3], counts);
    }
}
