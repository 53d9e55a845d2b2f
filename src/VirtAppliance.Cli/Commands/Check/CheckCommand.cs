using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using Spectre.Console;
using VirtAppliance.Cli.Commands.Deploy;
using VirtAppliance.Cli.Output;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Cli.Commands.Check;

/// <summary>
/// <c>check DESCRIPTOR</c>: which variant runs on which host and why every other does not. Needs only the descriptor:
/// no disk has to be present. Exit 0 when every host runs some variant, 1 when one does not.
/// </summary>
internal sealed class CheckCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor (virt-image XML)" }.WithFiles(".xml");
        var capabilities = new Option<string[]>("--capabilities") { Description = "A host's 'virsh capabilities' XML (repeatable); default: probe this machine" }.WithFiles(".xml");
        var domainCapabilities = new Option<string[]>("--domcapabilities") { Description = "'virsh domcapabilities' XML for the hosts given (firmware, CPU models, disk buses)" }.WithFiles(".xml");
        var connect = new Option<string[]>("--connect") { Description = "A libvirt URI whose host to check, through libvirt (repeatable)" };
        var boot = new Option<string?>("--boot") { Description = "Choose this variant (id or 0-based index) instead of the ranking" };
        var json = CommonOptions.Json();
        var command = new Command("check", "Say which boot variant of an appliance runs on which host, and why the others do not")
        {
            descriptor, capabilities, domainCapabilities, connect, boot, json,
        };
        var fleet = new FleetOptionSet();
        fleet.AddTo(command);
        CommandAction.Set(command, output, async (result, cancellation) =>
        {
            var check = new CheckCommand(output);
            if (fleet.Read(result) is { } choice)
            {
                if (result.GetValue(capabilities) is { Length: > 0 } || result.GetValue(connect) is { Length: > 0 })
                {
                    throw new ArgumentException("--fleet checks the hosts of 'virt-appliance hosts list'; --capabilities and --connect name hosts of their own: give one or the other");
                }

                return await new FleetCheck(output).RunAsync(result.GetRequiredValue(descriptor), result.GetValue(boot), choice, result.GetValue(json), cancellation);
            }

            return check.Run(
                result.GetRequiredValue(descriptor), result.GetValue(capabilities) ?? [], result.GetValue(domainCapabilities) ?? [],
                result.GetValue(connect) ?? [], result.GetValue(boot), result.GetValue(json));
        });
        return command;
    }

    public int Run(string descriptorPath, string[] capabilityFiles, string[] domainCapabilityFiles, string[] uris, string? boot, bool json)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        if (boot is not null)
        {
            VariantMatcher.ResolveBoot(descriptor, boot);
        }

        var hosts = capabilityFiles.Length == 0 && uris.Length == 0
            ? [WithDomainCapabilities(LocalHostProbe.Probe(), domainCapabilityFiles)]
            : capabilityFiles.Select(file => CapabilitiesParser.ParseFile(file, domainCapabilityFiles)).Concat(uris.Select(uri => FromConnection(descriptor, uri))).ToList();
        var matches = hosts.Select(host => VariantMatcher.Match(descriptor, host, boot)).ToList();
        if (json)
        {
            output.WriteJson(Report(descriptor, matches), CliJsonContext.Default.CheckReport);
        }
        else
        {
            WriteText(descriptor, matches);
        }

        return matches.All(m => m.Chosen is not null) ? ExitCodes.Success : ExitCodes.Negative;
    }

    internal static CheckReport Report(ApplianceDescriptor descriptor, IEnumerable<HostMatch> matches) => new(
        new CheckedAppliance(descriptor.Name, descriptor.Version, descriptor.Release),
        matches.Select(m => new CheckedHost(
            m.Host,
            m.Chosen,
            m.Chosen is { } index ? descriptor.Boots[index].Id : null,
            m.Variants.Select(v => new CheckedVariant(v.Index, v.Id, v.Runs, v.Emulated, v.DomainType, v.Reasons)).ToList(),
            m.HostNotes)).ToList());

    /// <summary>A host as libvirt reports it; for this machine's URIs the KVM probe's verdict is added.</summary>
    private static HostCapabilities FromConnection(ApplianceDescriptor descriptor, string uri)
    {
        using var session = Hypervisor.HypervisorAccess.Open(uri);
        var kvm = Deployment.Connections.ConnectionUris.IsLocal(uri) ? Hypervisor.HypervisorAccess.Kvm() : null;
        return Deployment.Connections.HostDiscovery.Discover(session, descriptor, kvm);
    }

    private static HostCapabilities WithDomainCapabilities(HostCapabilities host, string[] files) =>
        files.Length == 0 ? host : host with
        {
            DomainCapabilities = files.Select(file => CapabilitiesParser.ParseDomainCapabilities(File.ReadAllText(file), file)).ToList(),
        };

    internal void WriteText(ApplianceDescriptor descriptor, IReadOnlyList<HostMatch> matches)
    {
        if (output.IsTerminal)
        {
            var table = new Table().AddColumn("variant");
            foreach (var match in matches)
            {
                table.AddColumn(Markup.Escape(match.Host));
            }

            foreach (var boot in descriptor.Boots)
            {
                table.AddRow([Markup.Escape($"{boot.Index} {boot.Id}"), .. matches.Select(m => Cell(m, boot.Index))]);
            }

            output.Draw(table);
        }
        else
        {
            output.WriteLine($"variant\t{string.Join("\t", matches.Select(m => m.Host))}");
            foreach (var boot in descriptor.Boots)
            {
                output.WriteLine($"{boot.Index} {boot.Id}\t{string.Join("\t", matches.Select(m => Plain(m, boot.Index)))}");
            }
        }

        foreach (var match in matches)
        {
            output.WriteLine();
            output.WriteLine(match.Chosen is { } chosen
                ? $"{match.Host}: chosen variant {chosen} ({descriptor.Boots[chosen].Id})"
                : $"{match.Host}: no variant runs here");
            foreach (var verdict in match.Variants)
            {
                foreach (var reason in verdict.Reasons)
                {
                    output.WriteLine($"  {verdict.Index} {verdict.Id}: {reason}");
                }
            }

            foreach (var note in match.HostNotes)
            {
                output.WriteLine($"  note: {note}");
            }
        }
    }

    private static string Cell(HostMatch match, int index) => Markup.Escape(Plain(match, index)) switch
    {
        var text when match.Variants[index].Verdict == RunVerdict.Runs => $"[green]{text}[/]",
        var text when match.Variants[index].Verdict == RunVerdict.RunsEmulated => $"[yellow]{text}[/]",
        var text => $"[red]{text}[/]",
    };

    private static string Plain(HostMatch match, int index)
    {
        var verdict = match.Variants[index];
        var text = verdict.Verdict switch
        {
            RunVerdict.Runs => $"runs ({verdict.DomainType})",
            RunVerdict.RunsEmulated => $"emulated ({verdict.DomainType})",
            _ => "does not run",
        };
        return match.Chosen == index ? $"{text} *chosen*" : text;
    }
}
