using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>
/// examples/tiny.ks with two services added (busybox httpd on port 80; on port 22 a listener that writes the first line
/// a client sends to the console), built once and deployed on the default connection: as root, the system daemon that
/// the README's setup starts.
/// </summary>
public sealed class TinyOnTheDaemon() : TinyOnDaemonBase(Services, "day-two", "day2")
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

    /// <summary>Deploys on the default connection and waits for the marker the tiny root prints once its services run.</summary>
    public ApplianceCommand.Result Deploy(string name, params string[] options) =>
        Ok(["deploy", Descriptor, "--name", name, "--wait-for", Ready, "--timeout", "150", .. options]);
}

[CollectionDefinition(Name)]
public sealed class TinyOnTheDaemonCollection : ICollectionFixture<TinyOnTheDaemon>
{
    public const string Name = "tiny on the daemon";
}
