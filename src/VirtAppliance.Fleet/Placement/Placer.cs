namespace VirtAppliance.Fleet.Placement;

/// <summary>
/// Places instances on hosts: only where the matcher found a variant and every required label is set; only within
/// the host's free memory (less its reserve) and vCPU capacity (CPUs × overcommit); hosts with hardware acceleration
/// before emulating ones; then spread or pack. Pure and deterministic: the same hosts in any order give the same
/// answer. A priority queue keeps it O(instances × log hosts).
/// </summary>
public static class Placer
{
    public static PlacementResult Place(IReadOnlyList<PlacementHost> hosts, PlacementRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.MemoryMiB);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Vcpus);
        var ordered = hosts.OrderBy(h => h.Name, StringComparer.Ordinal).ToArray();
        var room = new Room[ordered.Length];
        var rejected = new string?[ordered.Length];
        var queue = new PriorityQueue<int, Room>(new Preference(request.Policy));
        for (var i = 0; i < ordered.Length; i++)
        {
            var host = ordered[i];
            room[i] = new Room(i, host.Variant?.Accelerated == true ? 0 : 1, host.AvailableMemoryMiB - host.ReserveMemoryMiB, host.VcpuCapacity - host.VcpusInUse, host.InstancesOfAppliance);
            rejected[i] = Ineligible(host, room[i], request);
            if (rejected[i] is null)
            {
                queue.Enqueue(i, room[i]);
            }
        }

        var assignments = new List<Assignment>(request.Count);
        var placedOn = new int[ordered.Length];
        while (assignments.Count < request.Count && queue.TryDequeue(out var chosen, out _))
        {
            assignments.Add(new Assignment(assignments.Count, ordered[chosen].Name, ordered[chosen].Variant!));
            placedOn[chosen]++;
            room[chosen] = room[chosen] with
            {
                MemoryMiB = room[chosen].MemoryMiB - request.MemoryMiB,
                Vcpus = room[chosen].Vcpus - request.Vcpus,
                Instances = room[chosen].Instances + 1,
            };
            if (room[chosen].MemoryMiB >= request.MemoryMiB && room[chosen].Vcpus >= request.Vcpus)
            {
                queue.Enqueue(chosen, room[chosen]);
            }
        }

        var usedTiers = assignments.Count == 0 ? [] : Enumerable.Range(0, ordered.Length).Where(i => placedOn[i] > 0).Select(i => room[i].Tier).ToHashSet();
        var unused = Enumerable.Range(0, ordered.Length)
            .Where(i => placedOn[i] == 0)
            .Select(i => new HostRejection(ordered[i].Name, rejected[i] ?? NotNeeded(room[i], usedTiers, request.Policy)))
            .ToList();
        return new PlacementResult(assignments, unused, request.Count - assignments.Count);
    }

    private static string? Ineligible(PlacementHost host, Room room, PlacementRequest request)
    {
        foreach (var (key, value) in request.RequiredLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!host.Labels.TryGetValue(key, out var actual))
            {
                return $"no label {key} (wanted {key}={value})";
            }

            if (actual != value)
            {
                return $"label {key}={actual} (wanted {key}={value})";
            }
        }

        if (host.Variant is null)
        {
            return $"no variant runs here: {host.NoVariantReason ?? "the matcher found none"}";
        }

        if (room.MemoryMiB < request.MemoryMiB)
        {
            return $"not enough memory: an instance needs {request.MemoryMiB} MiB, {Math.Max(0, room.MemoryMiB)} MiB are free after the host's {host.ReserveMemoryMiB} MiB reserve";
        }

        if (room.Vcpus < request.Vcpus)
        {
            return $"not enough vCPUs: an instance needs {request.Vcpus}, {host.VcpusInUse} of {host.VcpuCapacity} are in use ({host.Cpus} CPUs × {host.CpuOvercommit:0.##} overcommit)";
        }

        return null;
    }

    private static string NotNeeded(Room room, HashSet<int> usedTiers, PlacementPolicy policy) =>
        room.Tier == 1 && usedTiers.Contains(0) && !usedTiers.Contains(1)
            ? "runs the appliance only emulated; hosts with hardware acceleration took the instances"
            : policy == PlacementPolicy.Pack
                ? "not needed: --pack filled other hosts first"
                : "not needed: every instance went to a host with fewer of them or more memory free";

    /// <summary>What a host has left for new instances (memory after the reserve), and its preference tier (0 accelerated, 1 emulated).</summary>
    private readonly record struct Room(int Index, int Tier, long MemoryMiB, int Vcpus, int Instances);

    private sealed class Preference(PlacementPolicy policy) : IComparer<Room>
    {
        public int Compare(Room x, Room y)
        {
            var order = x.Tier.CompareTo(y.Tier);
            if (order != 0)
            {
                return order;
            }

            order = policy == PlacementPolicy.Spread
                ? x.Instances.CompareTo(y.Instances) is var fewer and not 0 ? fewer : y.MemoryMiB.CompareTo(x.MemoryMiB)
                : x.MemoryMiB.CompareTo(y.MemoryMiB);
            return order != 0 ? order : x.Index.CompareTo(y.Index);
        }
    }
}
