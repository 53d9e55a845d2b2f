using VirtAppliance.Cli.Output;
using VirtAppliance.Fleet.Deploying;

namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary>A fleet plan in words and as JSON: each instance's host and variant, and why every other host got none.</summary>
internal static class FleetPlanText
{
    public static void Write(CommandOutput output, FleetPlan plan)
    {
        foreach (var (report, match) in plan.Hosts)
        {
            var verdict = match is null ? $"unreachable: {report.Error}"
                : match.Chosen is { } chosen ? $"variant {chosen} ({match.Variants[chosen].Id}): {string.Join("; ", match.Variants[chosen].Reasons)}"
                : "no variant runs";
            output.WriteLine($"host {report.Host.Name} ({report.Host.Uri}): {verdict}");
        }

        output.WriteLine();
        foreach (var instance in plan.Instances)
        {
            output.WriteLine($"{instance.Name} -> {instance.Host} (variant {instance.Variant.Index} {instance.Variant.Id}, {instance.Variant.DomainType})");
        }

        foreach (var unused in plan.Unused)
        {
            output.WriteLine($"{unused.Host}: no instance: {unused.Reason}");
        }

        if (!plan.Complete)
        {
            output.WriteLine($"{plan.Unplaced} instance(s) fit on no host");
        }
    }

    public static FleetPlanReport Report(FleetPlan plan) => new(
        plan.Appliance,
        plan.Complete,
        plan.Unplaced,
        plan.Instances.Select(i => new FleetPlanInstance(i.Name, i.Host, i.Uri, i.Variant.Index, i.Variant.Id, i.Variant.DomainType)).ToList(),
        plan.Unused.Select(u => new FleetPlanUnused(u.Host, u.Reason)).ToList());
}

/// <summary><c>deploy --fleet --dry-run --json</c> and <c>check --fleet --json</c>.</summary>
internal sealed record FleetPlanReport(string Appliance, bool Complete, int Unplaced, IReadOnlyList<FleetPlanInstance> Instances, IReadOnlyList<FleetPlanUnused> Unused);

internal sealed record FleetPlanInstance(string Name, string Host, string Uri, int VariantIndex, string Variant, string DomainType);

internal sealed record FleetPlanUnused(string Host, string Reason);
