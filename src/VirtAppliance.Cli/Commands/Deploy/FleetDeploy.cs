using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Fleet.Deploying;
using VirtAppliance.Cli.Commands.Hosts;

namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary><c>deploy DESCRIPTOR --fleet [--count N] [--spread|--pack] [--label K=V]</c>: placement over the fleet, then every instance at once.</summary>
internal sealed class FleetDeploy(CommandOutput output)
{
    public async Task<int> RunAsync(DeployCommand.Request request, FleetChoice fleet, CancellationToken cancellation)
    {
        if (request.Connect is not null)
        {
            throw new ArgumentException("--fleet chooses among the hosts of 'virt-appliance hosts list'; --connect names one host: give one or the other");
        }

        if (!File.Exists(request.Descriptor) && request.Repositories is not null && Repositories.RepositoryAccess.IsReference(request.Descriptor))
        {
            throw new NotSupportedException($"--fleet deploys a descriptor file: pull '{request.Descriptor}' first ('virt-appliance pull {request.Descriptor}'), then deploy the descriptor it prints");
        }

        var descriptor = DescriptorReader.Load(request.Descriptor);
        var reports = await FleetSurvey.SurveyAsync(output, fleet.HostTimeout, cancellation);
        try
        {
            var fleetRequest = new FleetRequest(request.Descriptor, request.Options, fleet.Count, fleet.Policy, fleet.Labels)
            {
                RecipeVariables = request.RecipeVariables,
                WaitFor = request.WaitFor,
                Timeout = request.Timeout,
            };
            var plan = FleetPlanner.Plan(descriptor, reports, fleetRequest, HypervisorAccess.Store().List());

            if (request.DryRun)
            {
                if (request.Json)
                {
                    output.WriteJson(FleetPlanText.Report(plan), CliJsonContext.Default.FleetPlanReport);
                }
                else
                {
                    FleetPlanText.Write(output, plan);
                }

                return plan.Complete ? ExitCodes.Success : ExitCodes.Unsupported;
            }

            if (!plan.Complete)
            {
                // Half a fleet is rarely what was asked for: nothing is created, the plan says why.
                FleetPlanText.Write(output, plan);
                output.WriteError($"{plan.Unplaced} of {fleet.Count} instance(s) fit on no host: nothing deployed (see the reasons above; --count fewer, or free or add hosts)");
                return ExitCodes.Unsupported;
            }

            if (!request.Json)
            {
                FleetPlanText.Write(output, plan);
                output.WriteLine();
            }

            var outcomes = await output.WithProgressBarsAsync(bars => request.Json ? Deploy(null) : Deploy(bars));
            Task<IReadOnlyList<FleetOutcome>> Deploy(ProgressBars? bars) =>
                new FleetDeployer(HypervisorAccess.State, HypervisorAccess.Kvm, name => new PrefixedReporter(output, name, request.Json, bars))
                    .DeployAsync(plan, reports, descriptor, fleetRequest, cancellation);
            return Summarize(outcomes, request.Json);
        }
        finally
        {
            FleetSurvey.Close(reports);
        }
    }

    private int Summarize(IReadOnlyList<FleetOutcome> outcomes, bool json)
    {
        var rows = outcomes.Select(o => new FleetDeployRow(
            o.Instance.Name, o.Instance.Host, o.Instance.Uri, o.Instance.Variant.Id, o.Outcome?.Status?.State,
            o.Outcome?.MarkerSeen, o.Error ?? o.Outcome?.Failure)).ToList();
        if (json)
        {
            output.WriteJson(rows, CliJsonContext.Default.ListFleetDeployRow);
        }
        else
        {
            Rows.Write(output, ["name", "host", "variant", "state", "result"], rows.Select(r => new[]
            {
                r.Name, r.Host, r.Variant, r.State ?? "-", r.Error is { } error ? $"failed: {error}" : r.MarkerSeen == true ? "marker seen" : "deployed",
            }));
        }

        foreach (var failed in rows.Where(r => r.Error is not null))
        {
            output.WriteError($"{failed.Name} on {failed.Host}: {failed.Error}");
        }

        return rows.All(r => r.Error is null) ? ExitCodes.Success
            : outcomes.Any(o => o.Outcome?.MarkerSeen == false) ? ExitCodes.TimedOut : ExitCodes.Unsupported;
    }

    /// <summary>One instance's messages, each line prefixed with its name; its uploads as one bar among the others on a terminal.</summary>
    private sealed class PrefixedReporter(CommandOutput output, string name, bool quiet, ProgressBars? bars) : IDeployReporter
    {
        public void Say(string message)
        {
            if (quiet)
            {
                return;
            }

            if (bars is not null)
            {
                ProgressBars.Say($"[{name}] {message}");
                return;
            }

            lock (output)
            {
                output.WriteLine($"[{name}] {message}");
            }
        }

        public void Progress(string description, long total, Action<IProgress<long>?> work)
        {
            if (bars is null || total == 0)
            {
                work(null);
                return;
            }

            bars.Run($"{name}: {description}", total, progress => work(progress));
        }
    }
}

/// <summary>One instance of <c>deploy --fleet</c>'s result.</summary>
internal sealed record FleetDeployRow(string Name, string Host, string Uri, string Variant, string? State, bool? MarkerSeen, string? Error);
