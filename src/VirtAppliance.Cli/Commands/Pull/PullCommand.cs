using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Cli.Commands.Pull;

/// <summary>
/// <c>pull NAME[:VERSION]</c>: runs the matcher against the target host first and downloads only the chosen variant's
/// disks, resumably and verified, into the shared cache; prints the descriptor to deploy.
/// </summary>
internal sealed class PullCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var reference = new Argument<string>("NAME") { Description = "NAME or NAME:VERSION (default: the highest version)" };
        var forUri = new Option<string?>("--for") { Description = "Choose the variant for this libvirt URI's host (default: this machine, probed)" };
        var capabilities = new Option<string?>("--capabilities") { Description = "Choose the variant for the host these 'virsh capabilities' describe" }.WithFiles(".xml");
        var boot = new Option<string?>("--boot") { Description = "Pull this variant (id or index) if it runs on the target" };
        var target = new Option<string?>("--output", "-o") { Description = "Folder for the descriptor and disk links (default: in the cache)" };
        var repositories = new RepositoryOptions();
        var json = CommonOptions.Json();
        var command = new Command("pull", "Download the variant of an appliance that runs on a host") { reference, forUri, capabilities, boot, target, json };
        repositories.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new PullCommand(output).RunAsync(
            result.GetRequiredValue(reference), repositories.Read(result, output), result.GetValue(forUri), result.GetValue(capabilities),
            result.GetValue(boot), result.GetValue(target), result.GetValue(json), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string reference, RepositoryAccess access, string? forUri, string? capabilitiesFile, string? boot, string? target, bool json, CancellationToken cancellation)
    {
        if (forUri is not null && capabilitiesFile is not null)
        {
            throw new ArgumentException("give --for or --capabilities, not both");
        }

        using var sources = access.Open();
        var result = await output.WithProgressAsync($"pull {reference}", json, progress => ApplianceSources.PullFirstAsync(
            sources.Sources,
            reference,
            descriptor => VariantMatcher.Match(descriptor, Host(descriptor, forUri, capabilitiesFile), boot),
            target,
            progress is null ? null : new TotalsProgress(progress),
            cancellation));
        if (json)
        {
            output.WriteJson(
                new PullReport(
                    result.DescriptorPath, result.Entry.Name, result.Entry.Version, result.VariantId, result.Match.Host,
                    result.DownloadedBytes, result.VariantBytes, result.AllVariantsBytes),
                CliJsonContext.Default.PullReport);
        }
        else
        {
            output.WriteLine($"variant {result.VariantId} for {result.Match.Host}: {string.Join("; ", result.Match.Variants.First(v => v.Id == result.VariantId).Reasons)}");
            output.WriteLine($"downloaded {ByteSize.Format(result.DownloadedBytes)} (this variant: {ByteSize.Format(result.VariantBytes)}; all variants: {ByteSize.Format(result.AllVariantsBytes)})");
            output.WriteLine(result.DescriptorPath);
        }

        return ExitCodes.Success;
    }

    private static HostCapabilities Host(ApplianceDescriptor descriptor, string? forUri, string? capabilitiesFile)
    {
        if (capabilitiesFile is not null)
        {
            return CapabilitiesParser.ParseFile(capabilitiesFile);
        }

        if (forUri is null)
        {
            return LocalHostProbe.Probe();
        }

        using var session = HypervisorAccess.Open(forUri);
        return HostDiscovery.Discover(session, descriptor, ConnectionUris.IsLocal(forUri) ? HypervisorAccess.Kvm() : null);
    }
}
