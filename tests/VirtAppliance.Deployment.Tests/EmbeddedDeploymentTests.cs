using VirtAppliance.TestSupport;
using VirtAppliance.Deployment.Instances;
using System.Security.Cryptography;

namespace VirtAppliance.Deployment.Tests;

/// <summary>Deploying the tiny appliance for real: libvirt's embedded QEMU driver, QEMU (KVM or TCG, as the probe finds), through the CLI.</summary>
[Collection(EmbeddedHostCollection.Name)]
[Trait("Category", "Vm")]
public sealed class EmbeddedDeploymentTests(EmbeddedHost host)
{
    private const string Ready = "VIRT-APPLIANCE-DEMO-READY";

    /// <summary>kvm where KVM really runs guests (users' machines), qemu (TCG) where it does not (these).</summary>
    private static string ExpectedDomainType => Hosts.Probing.KvmProbe.Run().Usable ? "kvm" : "qemu";

    private string Demo => Path.Combine(host.AppliancePath, "demo.xml");

    private string TwoPhase => Path.Combine(host.AppliancePath, "two-phase.xml");

    [Fact]
    public void The_tiny_appliance_boots_prints_its_marker_is_listed_and_undeploys_completely()
    {
        var deployed = host.Ok("deploy", Demo, "--name", "tiny", "--wait-for", Ready, "--timeout", "120", "--json").Json;
        Assert.True(deployed.GetProperty("marker-seen").GetBoolean());
        Assert.Equal(ExpectedDomainType, deployed.GetProperty("domain-type").GetString());
        Assert.StartsWith("qemu:///embed?root=", deployed.GetProperty("connection").GetString());

        var listed = host.Ok("list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "tiny");
        Assert.Equal("demo", listed.GetProperty("appliance").GetString());
        Assert.Equal("1.0", listed.GetProperty("version").GetString());
        Assert.Equal("direct-kernel", listed.GetProperty("variant").GetString());
        Assert.Equal("run", listed.GetProperty("phase").GetString());
        Assert.Equal("running (booted)", listed.GetProperty("state").GetString());
        Assert.True(File.Exists(Path.Combine(host.EmbeddedRoot, "etc", "qemu", "tiny.xml")));

        host.Ok("stop", "tiny", "--force");
        Assert.StartsWith("shut off", host.Ok("status", "tiny", "--json").Json.GetProperty("state").GetString());
        Assert.Contains(Ready, host.Ok("console", "tiny", "--log").Output);
        host.Ok("start", "tiny");
        Assert.Equal("running (booted)", host.Ok("status", "tiny", "--json").Json.GetProperty("state").GetString());

        host.Ok("undeploy", "tiny", "--purge", "--force");
        Assert.False(Directory.Exists(host.InstanceFolder("tiny")));
        Assert.False(File.Exists(Path.Combine(host.EmbeddedRoot, "etc", "qemu", "tiny.xml")));
        Assert.DoesNotContain(host.Ok("list", "--json").Json.EnumerateArray(), i => i.GetProperty("name").GetString() == "tiny");
    }

    [Fact]
    public void The_install_phase_writes_the_disk_and_the_run_phase_boots_from_it_while_the_base_stays_untouched()
    {
        var baseDisk = Path.Combine(host.AppliancePath, "system.img");
        var before = SHA256.HashData(File.ReadAllBytes(baseDisk));
        var deployed = host.Run("deploy", TwoPhase, "--name", "phases", "--wait-for", "disk says: INSTALLED-BY-THE-INSTALL-PHASE", "--timeout", "120");
        Assert.True(deployed.ExitCode == 0, deployed.Error + deployed.Output);
        Assert.Contains("install phase done", deployed.Output);
        Assert.Contains("VIRT-APPLIANCE-INSTALL-DONE", File.ReadAllText(Path.Combine(host.InstanceFolder("phases"), "install.log")));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(baseDisk)));
        host.Ok("undeploy", "phases", "--purge", "--force");
    }

    [Fact]
    public void An_install_that_ends_while_no_process_holds_the_connection_is_settled_by_the_next_command()
    {
        host.Ok("deploy", TwoPhase, "--name", "settle");
        var installLog = Path.Combine(host.InstanceFolder("settle"), "install.log");
        Assert.True(EmbeddedHost.WaitForText(installLog, "VIRT-APPLIANCE-INSTALL-DONE", TimeSpan.FromSeconds(120)));
        Thread.Sleep(1500);
        host.WaitUntilRunning("settle", TimeSpan.FromSeconds(60));
        Assert.True(EmbeddedHost.WaitForText(Path.Combine(host.InstanceFolder("settle"), "console.log"), "disk says: INSTALLED", TimeSpan.FromSeconds(120)));
        host.Ok("undeploy", "settle", "--purge", "--force");
    }

    [Fact]
    public void Killed_at_every_step_of_deploy_reconcile_reaches_the_same_final_state()
    {
        foreach (var (step, index) in DeploymentSteps.All.Select((s, i) => (s, i)))
        {
            var name = $"kill-{index}";
            var killed = host.DeployKilledAt(step, TwoPhase, name, "disk says: INSTALLED");
            Assert.True(killed.ExitCode == 137, $"deploy killed at '{step}' exited {killed.ExitCode}: {killed.Error}{killed.Output}");

            host.WaitUntilRunning(name, TimeSpan.FromSeconds(120));
            var folder = host.InstanceFolder(name);
            Assert.True(EmbeddedHost.WaitForText(Path.Combine(folder, "console.log"), "disk says: INSTALLED-BY-THE-INSTALL-PHASE", TimeSpan.FromSeconds(120)), $"after a kill at '{step}' the run phase did not see the installed disk");
            Assert.Equal(
                ["console.log", "install.log", "plan.json", "system.qcow2"],
                Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
            Assert.Single(Directory.GetFiles(Path.Combine(host.EmbeddedRoot, "etc", "qemu"), $"{name}.xml"));
            Assert.Single(Directory.GetFiles(Path.Combine(host.EmbeddedRoot, "run", "qemu"), $"{name}.xml"));

            host.Ok("undeploy", name, "--purge", "--force");
            Assert.False(Directory.Exists(folder), $"undeploy left {folder}");
            Assert.Empty(Directory.GetFiles(Path.Combine(host.EmbeddedRoot, "etc", "qemu"), $"{name}.xml"));
        }
    }

    [Fact]
    public void A_marker_that_never_appears_times_out_with_the_last_console_lines()
    {
        var result = host.Run("deploy", Demo, "--name", "silent", "--wait-for", "NEVER-PRINTED", "--timeout", "15");
        Assert.Equal(75, result.ExitCode);
        Assert.Contains("'NEVER-PRINTED' did not appear on the console within 15 s", result.Error);
        Assert.Contains(Ready, result.Error);
        host.Ok("undeploy", "silent", "--purge", "--force");
    }

    [Fact]
    public void A_name_already_taken_is_refused_and_the_first_instance_is_untouched()
    {
        host.Ok("deploy", Demo, "--name", "twice");
        var uuid = host.Ok("status", "twice", "--json").Json.GetProperty("uuid").GetString();
        var again = host.Run("deploy", Demo, "--name", "twice");
        Assert.Equal(73, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(uuid, host.Ok("status", "twice", "--json").Json.GetProperty("uuid").GetString());
        host.Ok("undeploy", "twice", "--purge", "--force");
    }

    [Fact]
    public void A_disk_with_a_wrong_checksum_is_refused_before_anything_is_created()
    {
        var copy = Path.Combine(host.AppliancePath, "..", "tampered");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(host.AppliancePath))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }

        using (var disk = new FileStream(Path.Combine(copy, "system.img"), FileMode.Open))
        {
            disk.Position = 4096;
            disk.WriteByte(1);
        }

        var result = host.Run("deploy", Path.Combine(copy, "demo.xml"), "--name", "tampered");
        Assert.Equal(65, result.ExitCode);
        Assert.Contains("disk 'system'", result.Error);
        Assert.Contains("sha256", result.Error);
        Assert.False(Directory.Exists(host.InstanceFolder("tampered")));

        File.Delete(Path.Combine(copy, "system.img"));
        var missing = host.Run("deploy", Path.Combine(copy, "demo.xml"), "--name", "tampered");
        Assert.Equal(66, missing.ExitCode);
        Assert.Contains("system.img", missing.Error);
        Assert.False(Directory.Exists(host.InstanceFolder("tampered")));
    }

    [Fact]
    public void A_guest_that_libvirt_cannot_start_leaves_nothing_behind()
    {
        var copy = Path.Combine(host.AppliancePath, "..", "broken-kernel");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(host.AppliancePath))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(copy, "vmlinuz"), "this is not a kernel");
        var result = host.Run("deploy", Path.Combine(copy, "demo.xml"), "--name", "broken");
        Assert.Equal(69, result.ExitCode);
        Assert.Contains("starting 'broken'", result.Error);
        Assert.False(Directory.Exists(host.InstanceFolder("broken")));
        Assert.Empty(Directory.GetFiles(Path.Combine(host.EmbeddedRoot, "etc", "qemu"), "broken.xml"));
    }

    [Fact]
    public void Deploy_by_name_pulls_the_signed_appliance_from_a_repository_first()
    {
        var repo = Path.Combine(host.AppliancePath, "..", "repo");
        var key = Path.Combine(host.AppliancePath, "..", "repo-key");
        host.Ok("key", "generate", key, "--force");
        host.Ok("publish", Demo, "--repo", repo, "--key", key);
        var cache = Path.Combine(host.AppliancePath, "..", "cache");
        var result = host.Run(
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache },
            "deploy", "demo:1.0", "--repo", repo, "--key", key + ".pub", "--name", "pulled", "--wait-for", Ready, "--timeout", "120");
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("pulled demo:1.0", result.Output);
        var status = host.Ok("status", "pulled", "--json").Json;
        Assert.StartsWith(Path.GetFullPath(cache), status.GetProperty("disks")[0].GetProperty("base-path").GetString());
        host.Ok("undeploy", "pulled", "--purge", "--force");
    }

    [Fact]
    public void Dry_run_prints_both_phases_and_creates_nothing()
    {
        var result = host.Ok("deploy", TwoPhase, "--name", "dry", "--dry-run");
        Assert.Contains("<!-- install phase", result.Output);
        Assert.Equal(2, result.Output.Split($"<domain type=\"{ExpectedDomainType}\"").Length - 1);
        Assert.False(Directory.Exists(host.InstanceFolder("dry")));
    }

    [Fact]
    public void A_host_that_runs_no_variant_gets_the_matchers_reasons()
    {
        // libvirt's test driver offers i686 guests only; the demo is x86_64.
        var result = host.Run("deploy", Demo, "--connect", "test:///default", "--name", "nowhere");
        Assert.Equal(69, result.ExitCode);
        Assert.Contains("no variant of 'demo' runs on test:///default", result.Error);
        Assert.Contains("x86_64", result.Error);
        Assert.False(Directory.Exists(host.InstanceFolder("nowhere")));
    }

    [Fact]
    public void A_connection_that_fails_is_named()
    {
        var result = host.Run("deploy", Demo, "--connect", "bogus:///nowhere", "--name", "unreachable");
        Assert.Equal(69, result.ExitCode);
        Assert.Contains("bogus:///nowhere", result.Error);
        Assert.False(Directory.Exists(host.InstanceFolder("unreachable")));
    }

    /// <summary>
    /// The embedded driver lives inside one process: while 'console' holds it, 'list' cannot see the instance, and says
    /// so with exit 69 and the holder, instead of listing it as "unreachable" with exit 0.
    /// </summary>
    [Fact]
    public void While_a_console_holds_the_embedded_driver_list_fails_and_names_the_holder()
    {
        host.Ok("deploy", Demo, "--name", "held", "--wait-for", Ready, "--timeout", "120");
        using (var console = RunningCommand.Start(host.StateHome, ["console", "held"]))
        {
            // The console relays the guest's output only once it holds the driver; a newline makes the guest answer.
            console.Type("\n");
            console.WaitForOutput("\n", TimeSpan.FromSeconds(60));

            var listed = host.Run("list", "--json");
            Assert.Equal(69, listed.ExitCode);
            Assert.Contains("held: ", listed.Error, StringComparison.Ordinal);
            Assert.Matches(@"process \d+ \([^)]*console held\) holds the embedded driver", listed.Error);
            Assert.Equal("unreachable", listed.Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "held").GetProperty("state").GetString());

            console.Signal(RunningCommand.SigTerm);
            Assert.Equal(143, console.WaitForExit(TimeSpan.FromSeconds(30)).ExitCode);
        }

        Assert.Equal("running (booted)", host.Ok("list", "--json").Json.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "held").GetProperty("state").GetString());
        host.Ok("undeploy", "held", "--purge", "--force");
    }
}
