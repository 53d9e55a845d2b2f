using System.Text.Json;

namespace VirtAppliance.Fleet.Tests.OnThreeHosts;

/// <summary>The fleet journey on three real daemons: place, deploy six, list, migrate live and offline, lose a host, undeploy, prune.</summary>
[Collection(ThreeHostsCollection.Name)]
[Trait("Category", "Vm")]
public sealed class FleetLifeTests(ThreeHosts fleet)
{
    /// <summary>The tiny appliance's bios variant boots from two disks (boot-bios and the system disk): two bases per host.</summary>
    private const int BiosVariantDisks = 2;

    private static int Bases(IEnumerable<string> volumes) =>
        volumes.Count(v => v.StartsWith("va-shared-", StringComparison.Ordinal) && !v.EndsWith(".complete", StringComparison.Ordinal));

    [Fact]
    public void Check_fleet_names_each_host_and_the_reason_it_gets_no_instance()
    {
        var config = fleet.Folder("small-h4");
        Directory.CreateDirectory(Path.Combine(config, "virt-appliance"));
        File.WriteAllText(Path.Combine(config, "virt-appliance", "hosts.yaml"), $"""
            h2: {'{'}uri: "{ThreeHosts.UriOf("h2")}", labels: {'{'}zone: a{'}'}{'}'}
            h3: {'{'}uri: "{ThreeHosts.UriOf("h3")}", labels: {'{'}zone: b{'}'}{'}'}
            h4: {'{'}uri: "{ThreeHosts.UriOf("h4")}", labels: {'{'}zone: a{'}'}, reserve-memory-mib: 100000000{'}'}
            gone: {'{'}uri: "qemu+tcp://127.0.0.9/system"{'}'}
            """);

        var result = fleet.RunWith(config, "check", fleet.Descriptor, "--fleet", "--count", "3", "--label", "zone=a", "--host-timeout", "20", "--json");

        Assert.True(result.ExitCode == 0, $"check --fleet exited {result.ExitCode}:\n{result.Error}{result.Output}");
        var report = result.Json;
        Assert.Equal(["h2", "h3", "h4", "gone"], report.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()));
        Assert.All(report.GetProperty("hosts").EnumerateArray().Take(3), h => Assert.Equal(JsonValueKind.Number, h.GetProperty("chosen").ValueKind));
        var placement = report.GetProperty("placement");
        Assert.Equal(["h2", "h2", "h2"], placement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("host").GetString()));
        var reasons = placement.GetProperty("unused").EnumerateArray().ToDictionary(u => u.GetProperty("host").GetString()!, u => u.GetProperty("reason").GetString()!);
        Assert.Contains("label zone=b (wanted zone=a)", reasons["h3"], StringComparison.Ordinal);
        Assert.Contains("not enough memory", reasons["h4"], StringComparison.Ordinal);
        Assert.Contains("unreachable", reasons["gone"], StringComparison.Ordinal);
        Assert.Contains("'gone'", result.Error, StringComparison.Ordinal);

        var nowhere = fleet.RunWith(config, "check", fleet.Descriptor, "--fleet", "--label", "zone=c", "--host-timeout", "20");
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("1 instance(s) fit on no host", nowhere.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^h2: no instance: label zone=a \(wanted zone=c\)", nowhere.Output);

        var refused = fleet.RunWith(config, "deploy", fleet.Descriptor, "--fleet", "--count", "2", "--label", "zone=c", "--name", "fleet-nowhere", "--host-timeout", "20");
        Assert.Equal(69, refused.ExitCode);
        Assert.Contains("2 of 2 instance(s) fit on no host: nothing deployed", refused.Error, StringComparison.Ordinal);
        Assert.All(ThreeHosts.Hosts, h => Assert.DoesNotContain(ThreeHosts.Domains(h.Name), d => d.StartsWith("fleet-nowhere", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(fleet.StateHome, "virt-appliance", "instances", "fleet-nowhere-1")));
    }

    [Fact]
    public void Six_instances_spread_over_three_hosts_boot_move_and_go_and_a_lost_host_is_named()
    {
        var name = fleet.NameFor("six");
        var names = Enumerable.Range(1, 6).Select(i => $"{name}-{i}").ToList();
        foreach (var instance in names)
        {
            fleet.NameFor($"six-{instance[^1]}");
        }

        var before = fleet.Ok("list", "--json").Json.EnumerateArray().Select(s => s.GetProperty("host").GetString()).ToList();
        var deployed = fleet.Ok("deploy", fleet.Descriptor, "--fleet", "--count", "6", "--spread", "--name", name, "--wait-for", ThreeHosts.Ready, "--timeout", "240", "--json");

        var rows = deployed.Json.EnumerateArray().ToList();
        Assert.Equal(names, rows.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.GetProperty("marker-seen").GetBoolean(), r.ToString()));
        // Spread counts what runs there already (another test's instance of the same appliance, say).
        var perHost = ThreeHosts.Hosts.Select(h => before.Count(b => b == h.Name) + rows.Count(r => r.GetProperty("host").GetString() == h.Name)).ToList();
        Assert.True(perHost.Max() - perHost.Min() <= 1, $"instances per host (before and new): {string.Join(", ", perHost)}");
        foreach (var host in ThreeHosts.Hosts.Select(h => h.Name))
        {
            // The base went to each host once; each instance there added only its overlay (and a console log).
            var volumes = ThreeHosts.Volumes(host);
            Assert.Equal(BiosVariantDisks, Bases(volumes));
            Assert.Equal(rows.Count(r => r.GetProperty("host").GetString() == host), ThreeHosts.Domains(host).Count(d => d.StartsWith(name + "-", StringComparison.Ordinal)));
        }

        var listed = fleet.Ok("list", "--json").Json.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.All(names, n => Assert.Equal(rows.Single(r => r.GetProperty("name").GetString() == n).GetProperty("host").GetString(), listed[n].GetProperty("host").GetString()));

        // Live: the guest keeps running on another host; its record and its volumes move with it.
        var first = rows.Single(r => r.GetProperty("name").GetString() == names[0]);
        var from = first.GetProperty("host").GetString()!;
        var to = ThreeHosts.Hosts.Select(h => h.Name).First(h => h != from);
        var migrated = fleet.Ok("migrate", names[0], "--to", to);
        Assert.Contains($"to {ThreeHosts.UriOf(to)} ({to})", migrated.Output, StringComparison.Ordinal);
        var status = fleet.Ok("status", names[0], "--json").Json;
        Assert.Equal(ThreeHosts.UriOf(to), status.GetProperty("connection").GetString());
        Assert.StartsWith("running", status.GetProperty("state").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(names[0], ThreeHosts.Domains(from));
        Assert.DoesNotContain(ThreeHosts.Volumes(from), v => v.StartsWith(names[0] + "-", StringComparison.Ordinal) || v.StartsWith(names[0] + ".", StringComparison.Ordinal));
        Assert.Contains(ThreeHosts.Volumes(to), v => v.StartsWith(names[0] + "-", StringComparison.Ordinal));

        // Offline: a stopped instance moves, then starts and boots on its new host.
        var second = rows.Single(r => r.GetProperty("name").GetString() == names[1]);
        var secondFrom = second.GetProperty("host").GetString()!;
        var secondTo = ThreeHosts.Hosts.Select(h => h.Name).First(h => h != secondFrom);
        fleet.Ok("stop", names[1], "--force");
        fleet.Ok("migrate", names[1], "--to", secondTo, "--offline");
        Assert.DoesNotContain(names[1], ThreeHosts.Domains(secondFrom));
        Assert.Contains(names[1], ThreeHosts.Domains(secondTo));
        fleet.Ok("start", names[1], "--wait-for", ThreeHosts.Ready, "--timeout", "120");
        Assert.StartsWith("running", fleet.Ok("status", names[1], "--json").Json.GetProperty("state").GetString(), StringComparison.Ordinal);

        // A host goes away: list names it, exits 69, and still lists every other instance.
        var lost = ThreeHosts.Hosts.Single(h => h.Name == "h4");
        var onLost = fleet.Ok("list", "--json").Json.EnumerateArray()
            .Where(s => s.GetProperty("host").GetString() == "h4").Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(onLost);
        fleet.Fleet("stop", lost.Address);
        var withoutH4 = fleet.Run("list", "--host-timeout", "20");
        Assert.Equal(69, withoutH4.ExitCode);
        Assert.All(onLost, n => Assert.Contains(n, withoutH4.Error, StringComparison.Ordinal));
        Assert.All(names.Except(onLost), n => Assert.Matches($@"(?m)^{n}\t\S+\t.*running", withoutH4.Output));
        var hostsList = fleet.Run("hosts", "list", "--json", "--host-timeout", "20");
        Assert.Equal(69, hostsList.ExitCode);
        var h4 = hostsList.Json.EnumerateArray().Single(h => h.GetProperty("name").GetString() == "h4");
        Assert.False(h4.GetProperty("reachable").GetBoolean());

        // Undeploying what is on the live hosts removes their overlays; prune then removes the bases nothing uses.
        foreach (var instance in names.Except(onLost))
        {
            fleet.Ok("undeploy", instance, "--purge", "--force");
        }

        fleet.Fleet("start", lost.Address);
        foreach (var instance in onLost)
        {
            fleet.Ok("undeploy", instance, "--purge", "--force");
        }

        Assert.All(ThreeHosts.Hosts, h => Assert.DoesNotContain(ThreeHosts.Volumes(h.Name), v => v.StartsWith(name, StringComparison.Ordinal)));
        var stillUsed = fleet.Ok("list", "--json").Json.EnumerateArray().Select(s => s.GetProperty("host").GetString()).ToHashSet();
        var withHandMade = ThreeHosts.Hosts.Select(h => h.Name).First(h => !stillUsed.Contains(h));
        var keptBase = ThreeHosts.Volumes(withHandMade).First(v => v.StartsWith("va-shared-", StringComparison.Ordinal) && !v.EndsWith(".complete", StringComparison.Ordinal));
        ThreeHosts.Virsh(withHandMade, "vol-create-as", "default", "hand-made.qcow2", "64M", "--format", "qcow2", "--backing-vol", keptBase, "--backing-vol-format", "qcow2");
        fleet.Ok("hosts", "prune");
        Assert.Contains(keptBase, ThreeHosts.Volumes(withHandMade));
        Assert.Equal(1, Bases(ThreeHosts.Volumes(withHandMade)));
        ThreeHosts.Virsh(withHandMade, "vol-delete", "--pool", "default", "hand-made.qcow2");
        fleet.Ok("hosts", "prune");
        foreach (var host in ThreeHosts.Hosts.Select(h => h.Name))
        {
            var bases = Bases(ThreeHosts.Volumes(host));
            Assert.True(bases == (stillUsed.Contains(host) ? BiosVariantDisks : 0), $"{host} keeps {bases} base volume(s) after prune");
        }
    }
}
