using System.Net.Http;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>Services inside an appliance reached from the host: published ports (seed 003's "bi-directional NAT") and ssh.</summary>
[Collection(TinyOnTheDaemonCollection.Name)]
[Trait("Category", "Vm")]
public sealed class ReachingServicesTests(TinyOnTheDaemon tiny)
{
    [Fact]
    public async Task A_published_port_reaches_the_guest_s_web_server_and_no_second_instance_can_take_it()
    {
        var name = tiny.NameFor("web");
        var deployed = tiny.Deploy(name, "--publish", "80", "--json").Json;

        // The free host port was chosen at deploy time and is reported, not guessed by the test.
        var published = Assert.Single(deployed.GetProperty("published").EnumerateArray().ToArray());
        Assert.Equal(80, published.GetProperty("guest-port").GetInt32());
        var port = published.GetProperty("host-port").GetInt32();
        Assert.InRange(port, 1, 65535);
        Assert.Equal(port, tiny.Ok("status", name, "--json").Json.GetProperty("published")[0].GetProperty("host-port").GetInt32());
        Assert.Contains($"127.0.0.1:{port} → 80/tcp", tiny.Ok("status", name).Output, StringComparison.Ordinal);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(TinyOnTheDaemon.Page + "\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html")));

        var second = tiny.NameFor("web-clash");
        var clash = tiny.Run("deploy", tiny.Descriptor, "--name", second, "--publish", $"{port}:80");
        Assert.Equal(73, clash.ExitCode);
        Assert.Contains($"host port 127.0.0.1:{port}/tcp is already published by instance '{name}'", clash.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tiny.InstanceFolder(second)));
        Assert.DoesNotContain(tiny.Ok("list", "--json").Json.EnumerateArray(), i => i.GetProperty("name").GetString() == second);
        Assert.NotEqual(0, ExternalTool.Run("virsh", "-c", "qemu:///system", "domstate", second).ExitCode);

        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    [Fact]
    public void Ssh_runs_the_system_ssh_against_the_published_port_22()
    {
        var name = tiny.NameFor("ssh");
        tiny.Deploy(name, "--publish", "22");
        var port = tiny.Ok("status", name, "--json").Json.GetProperty("published")[0].GetProperty("host-port").GetInt32();

        var printed = tiny.Ok("ssh", name, "--print", "--", "uptime").Output.Trim();
        Assert.StartsWith($"ssh -p {port} -o UserKnownHostsFile={tiny.InstanceFolder(name)}/known_hosts -o StrictHostKeyChecking=accept-new", printed, StringComparison.Ordinal);
        Assert.EndsWith("root@127.0.0.1 uptime", printed, StringComparison.Ordinal);

        // The guest's port 22 is a listener that writes the client's first line to the console: ssh's version banner
        // arriving there shows the system ssh reached the guest through the forwarded port (there is no sshd to finish).
        var ran = tiny.Run("ssh", name, "--", "uptime");
        Assert.Equal(255, ran.ExitCode);
        var log = tiny.Ok("status", name, "--json").Json.GetProperty("console-log").GetString()!;
        Assert.True(ApplianceCommand.WaitForText(log, $"{TinyOnTheDaemon.SshProbe} SSH-2.0-OpenSSH", TimeSpan.FromSeconds(30)), File.ReadAllText(log));
        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    [Fact]
    public void Memory_below_the_variant_s_requirement_is_refused_before_anything_is_created()
    {
        var name = tiny.NameFor("small");

        // The build writes a minimum of 128 MiB into each variant (the descriptor's 256 MiB is what it gets by default).

        var refused = tiny.Run("deploy", tiny.Descriptor, "--name", name, "--memory", "64");

        Assert.Equal(64, refused.ExitCode);
        Assert.Contains("--memory 64: variant", refused.Error, StringComparison.Ordinal);
        Assert.Contains("needs at least 128 MiB", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tiny.InstanceFolder(name)));
        Assert.NotEqual(0, ExternalTool.Run("virsh", "-c", "qemu:///system", "domstate", name).ExitCode);
    }

    [Fact]
    public void A_dry_run_with_json_prints_the_plan_as_json_with_the_domain_xml_inside()
    {
        var name = tiny.NameFor("dry");

        var plan = tiny.Ok("deploy", tiny.Descriptor, "--name", name, "--dry-run", "--json", "--publish", "8080:80").Json;

        Assert.Equal(name, plan.GetProperty("name").GetString());
        Assert.Equal("qemu:///system", plan.GetProperty("connection").GetString());
        var xml = System.Xml.Linq.XElement.Parse(plan.GetProperty("final-xml").GetString()!);
        Assert.Equal(name, xml.Element("name")!.Value);
        Assert.Contains("hostfwd=tcp:127.0.0.1:8080-:80", xml.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(tiny.InstanceFolder(name)));
    }
}
