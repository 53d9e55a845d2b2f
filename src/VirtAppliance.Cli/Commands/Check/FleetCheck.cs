using VirtAppliance.Cli.Commands.Deploy;
using VirtAppliance.Cli.Commands.Hosts;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Fleet.Deploying;

namespace VirtAppliance.Cli.Commands.Check;

/// <summary>
/// <c>check DESCRIPTOR --fleet</c>: the variant × host matrix over the inventory's hosts (named as in hosts.yaml), then
/// where <c>deploy --fleet</c> with the same options would put each instance and why every other host gets none.
/// Exit 0 when every instance has a host, 1 when some do not.
/// </summary>
internal sealed class FleetCheck(CommandOutput output)
{
    public async Task<int> RunAsync(string descriptorPath, string? boot, FleetChoice fleet, bool json, CancellationToken cancellation)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        var reports = await FleetSurvey.SurveyAsync(output, fleet.HostTimeout, cancellation);
        try
        {
            var request = new FleetRequest(descriptorPath, new DeployOptions { Boot = boot }, fleet.Count, fleet.Policy, fleet.Labels);
            var plan = FleetPlanner.Plan(descriptor, reports, request, HypervisorAccess.Store().List());
            var matches = plan.Hosts.Where(h => h.Match is not null).Select(h => h.Match! with { Host = h.Report.Host.Name }).ToList();
            if (json)
            {
                var unreachable = plan.Hosts.Where(h => h.Match is null)
                    .Select(h => new CheckedHost(h.Report.Host.Name, null, null, [], [$"unreachable: {h.Report.Error}"]));
                var report = CheckCommand.Report(descriptor, matches);
                output.WriteJson(report with { Hosts = [.. report.Hosts, .. unreachable], Placement = FleetPlanText.Report(plan) }, CliJsonContext.Default.CheckReport);
            }
            else
            {
                if (matches.Count > 0)
                {
                    new CheckCommand(output).WriteText(descriptor, matches);
                    output.WriteLine();
                }

                FleetPlanText.Write(output, plan);
            }

            return plan.Complete ? ExitCodes.Success : ExitCodes.Negative;
        }
        finally
        {
            FleetSurvey.Close(reports);
        }
    }
}
