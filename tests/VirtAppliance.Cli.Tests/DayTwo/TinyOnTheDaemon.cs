using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>
/// examples/tiny.ks with two services added (busybox httpd on port 80; on port 22 a listener that writes the first line
/// a client sends to the console), built once and deployed on the default connection: as root, the system daemon that
/// the README's setup starts.
/// </summary>
public sealed class TinyOnTheDaemon : IDisposable
{
    public const string Page = "DAY-TWO-HTTP-OK";
    public const string Ready = "TINY-APPLIANCE-READY";
    public const string SshProbe = "SSH-PROBE-GOT:";

    private const string Services = $$"""

        %post
        mkdir -p /srv/www
        echo {{Page}} > /srv/www/index.html
        cat > /usr/sbin/ssh-probe <<'PROBE'
        #!/bin/sh
        read -r line
        echo "{{SshProbe}} $line" > /dev/console
        PROBE
        chmod 755 /usr/sbin/ssh-probe
        cat > /etc/init.d/S80services <<'SERVICES'
        #!/bin/sh
        httpd -p 80 -h /srv/www
        nc -ll -p 22 -e /usr/sbin/ssh-probe &
        SERVICES
        chmod 755 /etc/init.d/S80services
        %end
        """;

    private readonly TempDirectory folder = new();
    private readonly List<string> deployed = [];

    public TinyOnTheDaemon()
    {
        var spec = folder.File("tiny-services.ks");
        File.WriteAllText(spec, File.ReadAllText(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks")) + Services);
        var built = Run("build", spec, "-o", folder.File("out"), "--seed", "day-two");
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
        Descriptor = Path.Combine(folder.File("out"), "tiny.xml");
    }

    public string Descriptor { get; }

    public string StateHome => folder.File("state");

    /// <summary>A domain name of this test run's own: the system daemon is shared by every process on the machine.</summary>
    public string NameFor(string purpose)
    {
        var name = $"day2-{purpose}-{Environment.ProcessId}";
        deployed.Add(name);
        return name;
    }

    public string InstanceFolder(string name) => Path.Combine(StateHome, "virt-appliance", "instances", name);

    public ApplianceCommand.Result Run(params string[] arguments) =>
        ApplianceCommand.Run(StateHome, null, arguments, TimeSpan.FromSeconds(300));

    public ApplianceCommand.Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    /// <summary>Deploys on the default connection and waits for the marker the tiny root prints once its services run.</summary>
    public ApplianceCommand.Result Deploy(string name, params string[] options) =>
        Ok(["deploy", Descriptor, "--name", name, "--wait-for", Ready, "--timeout", "150", .. options]);

    public void Dispose()
    {
        foreach (var name in deployed)
        {
            Run("undeploy", name, "--purge", "--force");
        }

        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TinyOnTheDaemonCollection : ICollectionFixture<TinyOnTheDaemon>
{
    public const string Name = "tiny on the daemon";
}
