using System.Xml.Linq;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Fleet.Tests.OnThreeHosts;

/// <summary>
/// Issue "Live hardware changes", normalized hardware: instances deployed with --normalize on different hosts get one
/// versioned machine type, one CPU model and the same PCI addresses; their guests see identical hardware (PCI devices
/// and CPU, as the guest itself prints them); and a normalized instance migrates live to another host.
/// </summary>
[Collection(ThreeHostsCollection.Name)]
[Trait("Category", "Vm")]
public sealed class NormalizedHardwareTests(ThreeHosts fleet)
{
    private const string Marker = "NORMALIZED-HW";

    /// <summary>
    /// A recipe that makes the guest print its own view at boot: every PCI function (address, vendor, device), the CPU
    /// model and a digest of its flags. Applied to each instance's overlay, so the fixture's bases serve.
    /// </summary>
    private const string PrintHardware = """
        operations:
          - write:
              path: /etc/init.d/S95hardware
              mode: "0755"
              content: |
                #!/bin/sh
                pci=$(for d in /sys/bus/pci/devices/*; do printf '%s/%s/%s;' "$${d##*/}" "$(cat "$d/vendor")" "$(cat "$d/device")"; done)
                cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2 | tr ' ' _)
                flags=$(grep -m1 '^flags' /proc/cpuinfo | md5sum | cut -c1-16)
                echo "NORMALIZED-HW pci=$pci cpu=$cpu flags=$flags END"
        """;

    [Fact]
    public void Normalized_instances_on_different_hosts_show_their_guests_identical_hardware_and_migrate()
    {
        var recipe = fleet.Folder("print-hardware.yaml");
        File.WriteAllText(recipe, PrintHardware);
        var name = fleet.NameFor("norm");
        var names = Enumerable.Range(1, 3).Select(i => $"{name}-{i}").ToList();
        foreach (var instance in names)
        {
            fleet.NameFor($"norm-{instance[^1]}");
        }

        var rows = fleet.Ok(
            "deploy", fleet.Descriptor, "--fleet", "--count", "3", "--spread", "--boot", "bios", "--normalize", "--recipe", recipe,
            "--name", name, "--wait-for", Marker, "--timeout", "240", "--json").Json.EnumerateArray().ToList();
        var hostOf = rows.ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("host").GetString()!);
        Assert.True(hostOf.Values.Distinct().Count() >= 2, $"the three instances landed on {string.Join(", ", hostOf.Values)}: spread should use more than one host");

        // What each guest saw, from its own console.
        var seen = names.Select(GuestLine).ToList();
        Assert.All(seen, line => Assert.Equal(seen[0], line));
        Assert.Matches(@"pci=(0000:00:[0-9a-f]{2}\.[0-7]/0x[0-9a-f]{4}/0x[0-9a-f]{4};){4,} cpu=_\S+ flags=[0-9a-f]{16}$", seen[0]);

        // What libvirt was given: a versioned machine type, a custom CPU model, and fixed PCI addresses, the same everywhere.
        var definitions = names.Select(n => XElement.Parse(ThreeHosts.Virsh(hostOf[n], "dumpxml", n, "--inactive"))).ToList();
        var machine = (string)definitions[0].Element("os")!.Element("type")!.Attribute("machine")!;
        Assert.Matches(@"^pc-i440fx-\d+\.\d+$", machine);
        Assert.All(definitions, d => Assert.Equal(machine, (string?)d.Element("os")!.Element("type")!.Attribute("machine")));
        var cpu = definitions[0].Element("cpu")!;
        Assert.Equal("custom", (string?)cpu.Attribute("mode"));
        Assert.False(string.IsNullOrEmpty(cpu.Element("model")?.Value));
        Assert.All(definitions, d => Assert.Equal(Cpu(cpu), Cpu(d.Element("cpu")!)));
        Assert.All(definitions, d => Assert.Equal(Addresses(definitions[0]), Addresses(d)));

        // A normalized instance, with a disk added while it runs (a volume in its host's pool), moves live to a host
        // that runs another one; the disk goes with it.
        var moving = names[0];
        var to = hostOf.First(h => h.Value != hostOf[moving]).Value;
        Assert.Contains("attached vdc", fleet.Ok("attach", moving, "--disk", "32M").Output, StringComparison.Ordinal);
        fleet.Ok("migrate", moving, "--to", to);
        var status = fleet.Ok("status", moving, "--json").Json;
        Assert.Equal(ThreeHosts.UriOf(to), status.GetProperty("connection").GetString());
        Assert.StartsWith("running", status.GetProperty("state").GetString(), StringComparison.Ordinal);
        var moved = fleet.Ok("hardware", moving, "--json").Json.GetProperty("live");
        Assert.Contains(moved.GetProperty("disks").EnumerateArray(), d => d.GetProperty("target").GetString() == "vdc" && d.GetProperty("role").GetString() == "user");
        Assert.Contains(ThreeHosts.Volumes(to), v => v.StartsWith(moving + "-attached-vdc-", StringComparison.Ordinal));
        Assert.DoesNotContain(ThreeHosts.Volumes(hostOf[moving]), v => v.StartsWith(moving + "-attached-vdc-", StringComparison.Ordinal));

        foreach (var instance in names)
        {
            fleet.Ok("undeploy", instance, "--purge", "--force");
        }
    }

    /// <summary>The hardware line from the instance's console log (read through its host's pool; --log follows a running guest, so it is stopped once the line is in).</summary>
    private string GuestLine(string instance)
    {
        using var log = RunningCommand.Start(fleet.StateHome, ["console", instance, "--log"], environment: fleet.Environment());
        log.WaitForOutput(" END", TimeSpan.FromSeconds(60));
        var text = log.Output;
        var at = text.LastIndexOf(Marker + " ", StringComparison.Ordinal);
        return text[at..text.IndexOf(" END", at, StringComparison.Ordinal)];
    }

    private static string Cpu(XElement cpu) =>
        (string?)cpu.Element("model") + ":" + string.Join(",", cpu.Elements("feature").Select(f => $"{(string?)f.Attribute("policy")}={(string?)f.Attribute("name")}"));

    private static IReadOnlyList<string> Addresses(XElement domain) =>
        domain.Element("devices")!.Elements()
            .Select(device => (Device: device, Address: device.Element("address")))
            .Where(d => (string?)d.Address?.Attribute("type") == "pci")
            .Select(d => $"{d.Device.Name.LocalName}@{(string?)d.Address!.Attribute("bus")}:{(string?)d.Address.Attribute("slot")}.{(string?)d.Address.Attribute("function")}")
            .ToList();
}
