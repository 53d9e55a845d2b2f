using System.CommandLine;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;

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
        Repositories.RepositoryAccess? Repositories = null);

    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor (virt-image XML), or NAME[:VERSION] to pull from a repository first" };
        var repositories = new Repositories.RepositoryOptions();
        var connect = HypervisorAccess.ConnectOption();
        var name = new Option<string?>("--name", "-n") { Description = "Instance (and domain) name; default: the appliance's name" };
        var boot = new Option<string?>("--boot") { Description = "Use this variant (id or 0-based index) instead of the best one" };
        var memory = new Option<long?>("--memory") { Description = "Memory in MiB instead of the descriptor's" };
        var vcpus = new Option<int?>("--vcpus") { Description = "Virtual CPUs instead of the descriptor's" };
        var storage = new Option<string?>("--storage-dir") { Description = "Folder for the instance's overlays, disks and console logs" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Forward a host port into the guest: [ADDRESS:]HOSTPORT:GUESTPORT[/udp] (repeatable)" };
        var noStart = new Option<bool>("--no-start") { Description = "Define the instance but do not start it" };
        var waitFor = new Option<string?>("--wait-for") { Description = "Wait until this text appears on the guest's serial console" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for --wait-for (and for an install phase)", DefaultValueFactory = _ => 300 };
        var console = new Option<bool>("--console") { Description = "Follow the guest's serial console until it stops" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the domain XML (both phases when there is an install phase) and create nothing" };
        var recipe = new Option<string?>("--recipe", "-r") { Description = "Customize the new instance's system disk with this recipe, offline (docs/customize.md)" };
        var recipeMode = new Option<string>("--recipe-mode") { Description = "offline: change the system overlay before boot (default); seed: attach the recipe as a cloud-init NoCloud seed CD-ROM", DefaultValueFactory = _ => "offline" };
        recipeMode.AcceptOnlyFromAmong("offline", "seed");
        var variables = Customize.RecipeVariables.Option();
        var json = CommonOptions.Json();
        var command = new Command("deploy", "Deploy an appliance as a new instance through libvirt")
        {
            descriptor, connect, name, boot, memory, vcpus, storage, publish, noStart, waitFor, timeout, console, dryRun, recipe, recipeMode, variables, json,
        };
        repositories.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new DeployCommand(output).Run(
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
                    Publish = (result.GetValue(publish) ?? []).Select(PublishedPort.Parse).ToList(),
                    Start = !result.GetValue(noStart),
                    Recipe = result.GetValue(recipe) is { } file
                        ? new Deployment.Instances.InstanceRecipe(Path.GetFullPath(file), new Dictionary<string, string>(), result.GetValue(recipeMode) == "seed")
                        : null,
                },
                result.GetValue(variables) ?? [],
                result.GetValue(waitFor),
                TimeSpan.FromSeconds(Positive(result.GetValue(timeout), "--timeout")!.Value),
                result.GetValue(console),
                result.GetValue(dryRun),
                result.GetValue(json),
                repositories.Read(result, output)),
            cancellation));
        return command;
    }

    public int Run(Request request, CancellationToken cancellation)
    {
        var uri = HypervisorAccess.Resolve(request.Connect);
        var isReference = Repositories.ApplianceFetch.IsReference(request.Descriptor) && request.Repositories is not null;

        // The KVM probe, the connection (for the embedded driver, its start-up) and the host's capabilities come while
        // the descriptor is read.
        var connecting = Task.Run(() =>
        {
            var kvm = HypervisorAccess.Kvm();
            var session = HypervisorAccess.Open(uri);
            try
            {
                return (Session: session, Host: HostDiscovery.Describe(session, kvm));
            }
            catch
            {
                session.Dispose();
                throw;
            }
        });
        ApplianceDescriptor? local;
        try
        {
            local = isReference ? null : DescriptorReader.Load(request.Descriptor);
        }
        catch
        {
            _ = connecting.ContinueWith(t => t.Result.Session.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        var (session, host) = connecting.GetAwaiter().GetResult();
        using (session)
        {
            return Deploy(request, uri, session, host, local, cancellation);
        }
    }

    private int Deploy(Request request, string uri, HypervisorSession session, HostCapabilities host, ApplianceDescriptor? local, CancellationToken cancellation)
    {
        var descriptorPath = request.Descriptor;
        if (local is null && request.Repositories is { } repositories)
        {
            // Pull only what the connection's host runs, then deploy that.
            var pulled = Repositories.ApplianceFetch.Pull(
                repositories,
                descriptorPath,
                d => VariantMatcher.Match(d, HostDiscovery.WithFirmware(host, session, d), request.Options.Boot),
                null,
                request.Json,
                output,
                cancellation);
            Say(request, $"pulled {pulled.Entry.Reference} (variant {pulled.VariantId}, {pulled.DownloadedBytes} bytes downloaded)");
            descriptorPath = pulled.DescriptorPath;
        }

        var descriptor = local ?? DescriptorReader.Load(descriptorPath);
        if (request.Options.Boot is { } bootChoice)
        {
            VariantMatcher.ResolveBoot(descriptor, bootChoice);
        }

        var match = VariantMatcher.Match(descriptor, HostDiscovery.WithFirmware(host, session, descriptor), request.Options.Boot);
        if (match.Chosen is not { } chosen)
        {
            throw new NotSupportedException(
                $"no variant of '{descriptor.Name}' runs on {uri}:\n" + match.ReasonLines());
        }

        var variant = descriptor.Boots[chosen];
        var verdict = match.Variants[chosen];
        var store = HypervisorAccess.Store();
        var name = InstanceNames.Validate(request.Options.Name ?? InstanceNames.FromAppliance(descriptor.Name));
        var options = request.Options;
        if (options.Recipe is { } recipe)
        {
            // Read now, so that a bad recipe stops the deploy before anything is created.
            var variables = Customize.RecipeVariables.Parse(request.RecipeVariables, name, index: 0);
            var parsed = Customization.Recipes.RecipeReader.Load(recipe.File, variables);
            if (recipe.AsSeed)
            {
                Customization.Seeds.CloudConfigCompiler.Compile(parsed, name);
            }

            options = options with { Recipe = recipe with { Variables = variables } };
        }

        var plan = DeploymentPlanner.Plan(descriptor, descriptorPath, variant, verdict.DomainType!, options, uri, store.FolderOf(name));
        if (request.DryRun)
        {
            WriteDryRun(plan);
            return ExitCodes.Success;
        }

        Say(request, $"connection: {uri}{(session.IsEmbedded ? " (libvirt's embedded QEMU driver)" : "")}");
        Say(request, $"variant {variant.Index} ({variant.Id}): {string.Join("; ", verdict.Reasons)}");
        foreach (var note in match.HostNotes)
        {
            Say(request, $"note: {note}");
        }

        VerifyDisks(descriptor, variant, request.Json, cancellation);
        var manager = new InstanceManager(session, store);
        var status = manager.Deploy(plan);
        Say(request, $"deployed '{plan.Name}': phase {status.Phase}, {status.State}");
        if (plan.HasInstallPhase && (request.WaitFor is not null || request.Console))
        {
            Say(request, "waiting for the install phase to finish...");
            if (!manager.WaitForInstall(plan, request.Timeout, cancellation))
            {
                return TimedOut(request, plan, plan.InstallLog!, 0, $"the install phase did not finish within {request.Timeout.TotalSeconds:0} s");
            }

            status = manager.Reconcile(plan);
            Say(request, $"install phase done: phase {status.Phase}, {status.State}");
        }

        var result = Follow(request, plan, manager, cancellation);
        if (request.Json)
        {
            var now = manager.Status(plan);
            output.WriteJson(
                new DeployReport(status.Name, status.Appliance, status.Version, status.Variant, plan.DomainType, uri, now.Phase, now.State, plan.Uuid, plan.ConsoleLog,
                    request.WaitFor is null ? null : result == ExitCodes.Success),
                CliJsonContext.Default.DeployReport);
        }

        return result;
    }

    private int Follow(Request request, InstancePlan plan, InstanceManager manager, CancellationToken cancellation)
    {
        if (request.WaitFor is { } text)
        {
            var found = ConsoleLog.WaitFor(plan.ConsoleLog, text, 0, request.Timeout, () => manager.IsActive(plan), cancellation);
            if (!found)
            {
                var why = manager.IsActive(plan)
                    ? $"'{text}' did not appear on the console within {request.Timeout.TotalSeconds:0} s"
                    : $"the guest stopped without printing '{text}'";
                return TimedOut(request, plan, plan.ConsoleLog, 0, why);
            }

            Say(request, $"'{text}' appeared on the console of '{plan.Name}'");
        }

        if (request.Console)
        {
            using var stdout = System.Console.OpenStandardOutput();
            ConsoleLog.Follow(plan.ConsoleLog, 0, stdout, () => manager.IsActive(plan), cancellation);
        }

        return ExitCodes.Success;
    }

    private int TimedOut(Request request, InstancePlan plan, string log, long from, string why)
    {
        output.WriteError($"{why}; the instance '{plan.Name}' is kept (undeploy it with 'virt-appliance undeploy {plan.Name}'). Last console lines ({log}):");
        foreach (var line in ConsoleLog.Tail(log, 20, from))
        {
            output.Error.WriteLine($"  {line}");
        }

        return ExitCodes.TimedOut;
    }

    private void VerifyDisks(ApplianceDescriptor descriptor, BootVariant variant, bool quiet, CancellationToken cancellation)
    {
        var baseDirectory = descriptor.BaseDirectory!;
        var wanted = variant.DiskIds.ToHashSet();
        var disks = descriptor.Disks
            .Where(d => wanted.Contains(d.Id) && (d.Use == DiskUse.System || d.IsCdrom))
            .Select(d => (Disk: d, Path: DescriptorPaths.Resolve(baseDirectory, d.File)))
            .ToList();
        foreach (var (disk, path) in disks.Where(d => !File.Exists(d.Path)))
        {
            throw new FileNotFoundException($"disk '{disk.Id}' of the appliance is missing: {path}", path);
        }

        var stamps = new VerifiedDiskStamps(HypervisorAccess.State.VerifiedDisks);
        var total = ChecksumVerifier.BytesToVerify(disks, stamps);
        output.WithProgress("verify disks", quiet || total == 0, progress =>
        {
            long done = 0;
            ChecksumVerifier.Verify(disks, progress is null ? null : new SynchronousProgress(n => progress.Report(new TransferProgress(done += n, total))), cancellation, stamps);
            return 0;
        });
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

    private void Say(Request request, string text)
    {
        if (!request.Json)
        {
            output.WriteLine(text);
        }
    }

    private static long? Positive(long? value, string option) =>
        value is null or > 0 ? value : throw new ArgumentException($"{option} must be a positive number");

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
