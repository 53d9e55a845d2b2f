using VirtAppliance.Fleet.Migration;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Fleet.Tests.OnThreeHosts;

/// <summary>
/// A migration killed (SIGKILL) at each of its steps, live and offline, then <c>reconcile</c>: exactly one host defines
/// the instance, the record names that host, and no volume of the instance is left on the other.
/// </summary>
[Collection(ThreeHostsCollection.Name)]
[Trait("Category", "Vm")]
public sealed class InterruptedMigrationTests(ThreeHosts fleet)
{
    [Fact]
    public void Reconcile_after_a_kill_at_any_step_leaves_one_defined_copy_and_no_orphan_volume()
    {
        var name = fleet.NameFor("killed");
        fleet.Ok("deploy", fleet.Descriptor, "--connect", ThreeHosts.UriOf("h2"), "--name", name, "--wait-for", ThreeHosts.Ready, "--timeout", "120");
        string[] hosts = ["h2", "h3"];

        foreach (var mode in new[] { "live", "offline" })
        {
            if (mode == "offline")
            {
                fleet.Ok("stop", name, "--force");
            }

            foreach (var step in MigrationSteps.All)
            {
                var from = HostOf(name);
                var to = hosts.Single(h => h != from);
                var killed = MigrateKilledAt(name, ThreeHosts.UriOf(to), mode, step);
                Assert.True(killed.ExitCode == 137, $"the fault host should have died at {step} ({mode}), exited {killed.ExitCode}:\n{killed.Error}{killed.Output}");

                fleet.Ok("reconcile", name);

                var now = HostOf(name);
                var other = hosts.Single(h => h != now);
                var expected = step is MigrationSteps.Migrated or MigrationSteps.SourceCleaned ? to : from;
                Assert.True(now == expected, $"killed at {step} ({mode}): the record says {now}, expected {expected}");
                Assert.Contains(name, ThreeHosts.Domains(now));
                Assert.DoesNotContain(name, ThreeHosts.Domains(other));
                Assert.Contains(ThreeHosts.Volumes(now), v => v.StartsWith(name + "-", StringComparison.Ordinal));
                Assert.DoesNotContain(ThreeHosts.Volumes(other), v => v.StartsWith(name + "-", StringComparison.Ordinal) || v.StartsWith(name + ".", StringComparison.Ordinal));
                var state = fleet.Ok("status", name, "--json").Json.GetProperty("state").GetString()!;
                Assert.True(mode == "live" ? state.StartsWith("running", StringComparison.Ordinal) : state.StartsWith("shut off", StringComparison.Ordinal), $"killed at {step} ({mode}): {state}");
            }
        }

        fleet.Ok("start", name, "--wait-for", ThreeHosts.Ready, "--timeout", "120");
        fleet.Ok("undeploy", name, "--purge", "--force");
        Assert.All(hosts, h => Assert.DoesNotContain(ThreeHosts.Volumes(h), v => v.StartsWith(name, StringComparison.Ordinal)));
    }

    private string HostOf(string name)
    {
        var uri = fleet.Ok("status", name, "--json").Json.GetProperty("connection").GetString();
        return ThreeHosts.Hosts.Single(h => ThreeHosts.Uri(h.Address) == uri).Name;
    }

    private ApplianceCommand.Result MigrateKilledAt(string name, string destination, string mode, string step)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
        var faultHost = Path.Combine(ApplianceCommand.RepositoryRoot(), "tests", "VirtAppliance.FaultHost", "bin", configuration, "net10.0", "VirtAppliance.FaultHost");
        Assert.True(File.Exists(faultHost), $"{faultHost} is missing: build the solution (the Fleet tests reference it)");
        var environment = new Dictionary<string, string>(fleet.Environment()) { ["DOTNET_ROOT"] = ApplianceCommand.DotnetRoot() };
        return ApplianceCommand.Run(fleet.StateHome, environment, ["migrate", name, destination, mode, step], TimeSpan.FromSeconds(180), faultHost);
    }
}
