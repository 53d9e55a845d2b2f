using VirtAppliance.Fleet.Placement;

namespace VirtAppliance.Fleet.Tests;

/// <summary>Random fleets from a fixed seed: sizes, loads, labels, accelerators and hosts where nothing runs.</summary>
internal static class SyntheticFleet
{
    public static List<PlacementHost> Hosts(int count, int seed)
    {
        var random = new Random(seed);
        var hosts = new List<PlacementHost>(count);
        for (var i = 0; i < count; i++)
        {
            var cpus = random.Next(1, 65);
            var memory = random.Next(1, 513) * 1024L;
            var runs = random.Next(10) != 0;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["zone"] = "z" + random.Next(3) };
            if (random.Next(4) == 0)
            {
                labels["ssd"] = "yes";
            }

            hosts.Add(new PlacementHost(
                $"host-{i:D5}",
                labels,
                runs ? new PlacementVariant(0, "bios", random.Next(3) == 0 ? "qemu" : "kvm", random.Next(3) != 0) : null,
                runs ? null : "needs a hvm x86_64 guest",
                memory - random.Next(0, (int)(memory / 2)),
                random.Next(0, 3) * 512,
                cpus,
                random.Next(0, cpus * 2),
                random.Next(3) switch { 0 => 1.0, 1 => 2.0, _ => 4.0 },
                random.Next(0, 3)));
        }

        return hosts;
    }
}
