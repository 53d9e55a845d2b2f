using System.Diagnostics;
using VirtAppliance.Fleet.Placement;

// Synthetic fleets (fixed seed): HOSTS hosts of 1-64 CPUs and 16-512 GiB, a tenth where no variant runs, a third
// emulating only, three zones, partly loaded; COUNT instances of 1 vCPU / 512 MiB, spread and packed. Prints the
// median time of ROUNDS placements and the process's peak memory, against the targets (1 s, 256 MiB).
var hosts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10000;
var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
var fleet = Fleet(hosts, 20261202);
foreach (var policy in new[] { PlacementPolicy.Spread, PlacementPolicy.Pack })
{
    var request = new PlacementRequest(count, 512, 1, policy, PlacementRequest.NoLabels);
    var times = new List<double>();
    PlacementResult? result = null;
    for (var round = 0; round < rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        result = Placer.Place(fleet, request);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine($"{policy,-7} {hosts} hosts x {count} instances: median {median:0.0} ms over {rounds} rounds "
        + $"(placed {result!.Assignments.Count}, on {result.Assignments.Select(a => a.Host).Distinct().Count()} hosts; target <= 1000 ms: {(median <= 1000 ? "met" : "MISSED")})");
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
Console.WriteLine($"peak working set {peak:0} MiB (target <= 256 MiB: {(peak <= 256 ? "met" : "MISSED")})");

static List<PlacementHost> Fleet(int count, int seed)
{
    var random = new Random(seed);
    var hosts = new List<PlacementHost>(count);
    for (var i = 0; i < count; i++)
    {
        var cpus = random.Next(1, 65);
        var memory = random.Next(16, 513) * 1024L;
        var runs = random.Next(10) != 0;
        var accelerated = random.Next(3) != 0;
        hosts.Add(new PlacementHost(
            $"host-{i:D5}",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["zone"] = "z" + random.Next(3) },
            runs ? new PlacementVariant(0, "bios", accelerated ? "kvm" : "qemu", accelerated) : null,
            runs ? null : "needs a hvm x86_64 guest",
            memory - random.Next(0, (int)(memory / 2)),
            1024,
            cpus,
            random.Next(0, cpus),
            2.0));
    }

    return hosts;
}
