using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary>
/// <c>deploy DESCRIPTOR</c>: choose the variant for the connection's host, verify the disks, give the instance its own
/// overlays, define the domain(s) and start the right phase. Interrupted at any moment, a later command finishes it.
/// </summary>
internal sealed class DeployCommand(CommandOutput output)
{
    public sealed record Request(
        string Descriptor,
        string? Connect,
        DeployOptions Options,
        string[] RecipeVariables,
        string? WaitFor,
        TimeSpan Timeout,
        bool Console,
        bool DryRun,
        bool Json,
        Repositories.RepositoryAccess? Repositories = null,
        FleetChoice? Fleet = null);

    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor (virt-image XML), or NAME[:VERSION] to pull from a repository first" }.WithFiles(".xml");
        var repositories = new Repositories.RepositoryOptions();
        var connect = HypervisorAccess.ConnectOption();
        var name = new Option<string?>("--name", "-n") { Description = "Instance (and domain) name; default: the appliance's name" };
        var boot = new Option<string?>("--boot") { Description = "Use this variant (id or 0-based index) instead of the best one" };
        var memory = new Option<long?>("--memory") { Description = "Memory in MiB instead of the descriptor's" };
        var vcpus = new Option<int?>("--vcpus") { Description = "Virtual CPUs instead of the descriptor's" };
        var storage = new Option<string?>("--storage-dir") { Description = "Folder for the instance's overlays, disks and console logs" };
        var pool = new Option<string?>("--pool") { Description = "On a remote host: the storage pool for the instance's volumes (default: 'default', created when absent)" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Forward a host port into the guest: [ADDRESS:]HOSTPORT:GUESTPORT[/udp] (repeatable)" };
        var noStart = new Option<bool>("--no-start") { Description = "Define the instance but do not start it" };
        var waitFor = new Option<string?>("--wait-for") { Description = "Wait until this text appears on the guest's serial console" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for --wait-for (and for an install phase)", DefaultValueFactory = _ => 300 };
        var console = new Option<bool>("--console") { Description = "Follow the guest's serial console until it stops" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the domain XML (both phases when there is an install phase) and create nothing" };
        var recipe = new Option<string?>("--recipe", "-r") { Description = "Customize the new instance's system disk with this recipe, offline (docs/customize.md)" }.WithFiles(".yaml", ".yml");
        var recipeMode = new Option<string>("--recipe-mode") { Description = "offline: change the system overlay before boot (default); seed: attach the recipe as a cloud-init NoCloud seed CD-ROM", DefaultValueFactory = _ => "offline" };
        recipeMode.AcceptOnlyFromAmong("offline", "seed");
        var variables = Customize.RecipeVariableOption.Create();
        var allowHostPath = Customize.RecipeVariableOption.AllowHostPath();
        var normalize = new Option<bool>("--normalize") { Description = "The same virtual hardware on every host: one machine type version, the hosts' common CPU model, fixed PCI addresses (docs/hardware.md)" };
        var json = CommonOptions.Json();
        var fleet = new FleetOptionSet();
        var command = new Command("deploy", "Deploy an appliance as a new instance through libvirt")
        {
            descriptor, connect, name, boot, memory, vcpus, storage, pool, publish, noStart, waitFor, timeout, console, dryRun, recipe, recipeMode, variables, allowHostPath, normalize, json,
        };
        fleet.AddTo(command);
        repositories.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new DeployCommand(output).RunAsync(
            new Request(
                result.GetRequiredValue(descriptor),
                result.GetValue(connect),
                new DeployOptions
                {
                    Name = result.GetValue(name),
                    Boot = result.GetValue(boot),
                    MemoryMiB = Positive(result.GetValue(memory), "--memory"),
                    Vcpus = (int?)Positive(result.GetValue(vcpus), "--vcpus"),
                    StorageDirectory = result.GetValue(storage),
                    Pool = result.GetValue(pool),
                    Publish = (result.GetValue(publish) ?? []).Select(PublishedPort.Parse).ToList(),
                    Start = !result.GetValue(noStart),
                    Normalize = result.GetValue(normalize),
                    Recipe = result.GetValue(recipe) is { } file
                        ? new Deployment.Instances.InstanceRecipe(Path.GetFullPath(file), new Dictionary<string, string>(), result.GetValue(recipeMode) == "seed")
                        {
                            AllowedHostPaths = Customize.RecipeVariableOption.AllowedFolders(result.GetValue(allowHostPath)),
                        }
                        : null,
                },
                result.GetValue(variables) ?? [],
                result.GetValue(waitFor),
                TimeSpan.FromSeconds(Positive(result.GetValue(timeout), "--timeout")!.Value),
                result.GetValue(console),
                result.GetValue(dryRun),
                result.GetValue(json),
                repositories.Read(result, output),
                fleet.Read(result)),
            cancellation));
        return command;
    }

    public async Task<int> RunAsync(Request request, CancellationToken cancellation)
    {
        if (request.Fleet is { } fleet)
        {
            return await new FleetDeploy(output).RunAsync(request, fleet, cancellation);
        }

        var chosen = request.Connect is null ? HypervisorAccess.DefaultConnection() : null;
        var uri = request.Connect ?? chosen!.Uri;
        var reason = chosen?.Reason;
        using var sources = request.Repositories is { } repositories && RepositoryAccess.IsReference(request.Descriptor) ? repositories.Open() : null;
        var deployer = new Deployer(HypervisorAccess.State, new Reporter(output, request.Json), HypervisorAccess.Kvm);
        var outcome = await deployer.DeployAsync(
            uri,
            new DeployRequest
            {
                Appliance = request.Descriptor,
                ConnectionReason = reason,
                Options = request.Options,
                RecipeVariables = request.RecipeVariables,
                WaitFor = request.WaitFor,
                WaitForInstall = request.Console,
                Timeout = request.Timeout,
                DryRun = request.DryRun,
                Fetch = sources is null ? null : (reference, match, token) => Fetch(sources, reference, match, request.Json, token),
            },
            cancellation);
        var plan = outcome.Plan;
        if (outcome.DryRun)
        {
            if (request.Json)
            {
                output.WriteJson(
                    new DryRunReport(plan.Name, plan.Metadata.Appliance, plan.Metadata.Version, plan.Metadata.Variant, plan.DomainType, uri, plan.Uuid, plan.FinalXml, plan.InstallXml,
                        plan.Published.Select(p => p.ToString()).ToList()),
                    CliJsonContext.Default.DryRunReport);
            }
            else
            {
                WriteDryRun(plan);
            }

            return ExitCodes.Success;
        }

        var result = outcome.Failure is { } why ? TimedOut(plan, outcome.FailureLog!, outcome.FailureTail ?? [], why) : ExitCodes.Success;
        if (result == ExitCodes.Success && request.Console)
        {
            using var stdout = System.Console.OpenStandardOutput();
            using var session = HypervisorAccess.Open(plan.ConnectionUri);
            var manager = new InstanceManager(session, HypervisorAccess.Store());
            ConsoleLog.Follow(position => manager.ReadLog(plan, install: false, position), InstanceManager.LogPollInterval(plan), 0, stdout, () => manager.IsActive(plan), cancellation);
        }

        if (request.Json)
        {
            var status = outcome.Status!;
            output.WriteJson(
                new DeployReport(status.Name, status.Appliance, status.Version, status.Variant, plan.DomainType, uri, status.Phase, status.State, plan.Uuid, plan.ConsoleLog, outcome.MarkerSeen,
                    plan.Published.Select(p => new Status.StatusPort(p.Address, p.HostPort, p.GuestPort, p.Protocol)).ToList()),
                CliJsonContext.Default.DeployReport);
        }

        return result;
    }

    private async Task<string> Fetch(OpenSources sources, string reference, Func<Descriptors.Model.ApplianceDescriptor, VirtAppliance.Hosts.Matching.HostMatch> match, bool quiet, CancellationToken cancellation)
    {
        var pulled = await output.WithProgressAsync($"pull {reference}", quiet, progress =>
            ApplianceSources.PullFirstAsync(sources.Sources, reference, match, null, progress is null ? null : new TotalsProgress(progress), cancellation));
        if (!quiet)
        {
            output.WriteLine($"pulled {pulled.Entry.Reference} (variant {pulled.VariantId}, {ByteSize.Format(pulled.DownloadedBytes)} downloaded)");
        }

        return pulled.DescriptorPath;
    }

    private int TimedOut(InstancePlan plan, string log, IReadOnlyList<string> tail, string why)
    {
        output.WriteError($"{why}; the instance '{plan.Name}' is kept (undeploy it with 'virt-appliance undeploy {plan.Name}'). Last console lines ({log}):");
        foreach (var line in tail)
        {
            output.Error.WriteLine($"  {line}");
        }

        return ExitCodes.TimedOut;
    }

    private void WriteDryRun(InstancePlan plan)
    {
        if (plan.InstallXml is not null)
        {
            output.WriteLine("<!-- install phase: created (transient) first; on_reboot=destroy ends it -->");
            output.WriteLine(plan.InstallXml);
            output.WriteLine("<!-- run phase: defined (persistent) at once; started when the install phase has ended -->");
        }

        output.WriteLine(plan.FinalXml);
    }

    private static long? Positive(long? value, string option) =>
        value is null or > 0 ? value : throw new ArgumentException($"{option} must be a positive number");
}
