using System.CommandLine;
using VirtAppliance.Cli.Commands.Hosts;
using VirtAppliance.Fleet.Placement;

namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary>--fleet and what goes with it (--count, --spread/--pack, --label, --host-timeout), for deploy and check.</summary>
internal sealed class FleetOptionSet
{
    private readonly Option<bool> fleet = new("--fleet") { Description = "Across the hosts of 'virt-appliance hosts list': place each instance on the best host, with reasons for the others" };
    private readonly Option<int?> count = new("--count") { Description = "With --fleet: how many instances (named NAME-1, NAME-2, ...)" };
    private readonly Option<bool> spread = new("--spread") { Description = "With --fleet: across as many hosts as possible (the default)" };
    private readonly Option<bool> pack = new("--pack") { Description = "With --fleet: onto as few hosts as possible" };
    private readonly Option<string[]> labels = FleetOptions.Labels("With --fleet: only hosts with this label (KEY=VALUE, repeatable)");
    private readonly Option<int> timeout = FleetOptions.Timeout();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { fleet, count, spread, pack, labels, timeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The choice, or null without --fleet (the fleet-only options are then a usage error).</summary>
    public FleetChoice? Read(ParseResult result)
    {
        var wanted = result.GetValue(fleet);
        if (!wanted)
        {
            foreach (var name in new[] { "--count", "--spread", "--pack", "--label" }.Where(n => result.GetResult(Option(n)) is { Implicit: false }))
            {
                throw new ArgumentException($"{name} places instances across the fleet: add --fleet");
            }

            return null;
        }

        if (result.GetValue(spread) && result.GetValue(pack))
        {
            throw new ArgumentException("--spread and --pack exclude each other");
        }

        var instances = result.GetValue(count) ?? 1;
        if (instances is < 1 or > 10_000)
        {
            throw new ArgumentException($"--count {instances}: give 1 to 10000 instances");
        }

        return new FleetChoice(instances, result.GetValue(pack) ? PlacementPolicy.Pack : PlacementPolicy.Spread,
            FleetOptions.ParseLabels(result.GetValue(labels)), TimeSpan.FromSeconds(result.GetValue(timeout)));
    }

    private Option Option(string name) => name switch
    {
        "--count" => count,
        "--spread" => spread,
        "--pack" => pack,
        _ => labels,
    };
}

/// <summary>What --fleet asked for.</summary>
internal sealed record FleetChoice(int Count, PlacementPolicy Policy, IReadOnlyDictionary<string, string> Labels, TimeSpan HostTimeout);
