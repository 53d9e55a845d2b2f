using VirtAppliance.TestSupport;

namespace VirtAppliance.Fleet.Tests.OnThreeHosts;

/// <summary>
/// Three real libvirt daemons on 127.0.0.2–.4 (scripts/libvirt-fleet.sh: a mount namespace each), in the inventory as
/// h2, h3 and h4 with different reserves and labels, and the tiny appliance built once. The daemons are this fixture's
/// own: they are stopped, with their guests, when it ends.
/// </summary>
public sealed class ThreeHosts : IDisposable
{
    public const string Ready = "TINY-APPLIANCE-READY";

    public static readonly IReadOnlyList<(string Name, string Address, string Zone, int ReserveMiB)> Hosts =
    [
        ("h2", "127.0.0.2", "a", 1024),
        ("h3", "127.0.0.3", "a", 2048),
        ("h4", "127.0.0.4", "b", 512),
    ];

    private readonly TempDirectory folder = new();
    private readonly HashSet<string> deployed = new(StringComparer.Ordinal);

    public ThreeHosts()
    {
        Fleet("start", [.. Hosts.Select(h => h.Address)]);
        try
        {
            var built = Run("build", Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks"), "-o", folder.File("out"), "--seed", "fleet");
            Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
            Descriptor = Path.Combine(folder.File("out"), "tiny.xml");
            foreach (var (name, address, zone, reserve) in Hosts)
            {
                Ok("hosts", "add", name, Uri(address), "--label", $"zone={zone}", "--reserve-memory", reserve.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Descriptor { get; private set; } = "";

    public string ConfigHome => folder.File("config");

    public static string Uri(string address) => $"qemu+tcp://{address}/system";

    public static string UriOf(string host) => Uri(Hosts.Single(h => h.Name == host).Address);

    /// <summary>Instance names of this run's own, undeployed when the fixture ends.</summary>
    public string NameFor(string purpose)
    {
        var name = $"fleet-{purpose}";
        deployed.Add(name);
        return name;
    }

    public IReadOnlyDictionary<string, string> Environment(string? configHome = null) =>
        new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = configHome ?? ConfigHome };

    public ApplianceCommand.Result Run(params string[] arguments) => RunWith(null, arguments);

    public ApplianceCommand.Result RunWith(string? configHome, params string[] arguments) =>
        ApplianceCommand.Run(folder.File("state"), Environment(configHome), arguments, TimeSpan.FromSeconds(400));

    public ApplianceCommand.Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    public string StateHome => folder.File("state");

    public string Folder(string name) => folder.File(name);

    /// <summary>Starts or stops daemons (their guests die with them on stop).</summary>
    public void Fleet(string action, params string[] addresses)
    {
        var result = ExternalTool.Run("bash", [Path.Combine(ApplianceCommand.RepositoryRoot(), "scripts", "libvirt-fleet.sh"), action, folder.File("hosts"), .. addresses]);
        Assert.True(result.ExitCode == 0, $"libvirt-fleet.sh {action} exited {result.ExitCode}:\n{result.Error}{result.Output}");
    }

    /// <summary>The names of the volumes in a host's default pool.</summary>
    public static IReadOnlyList<string> Volumes(string host)
    {
        Virsh(host, "pool-refresh", "default");
        // Debian 12's virsh has no vol-list --name: the names are the first column under the dashes.
        return Virsh(host, "vol-list", "default").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SkipWhile(line => !line.StartsWith("---", StringComparison.Ordinal)).Skip(1)
            .Select(line => line.Split(' ', 2)[0]).ToList();
    }

    /// <summary>The host's default pool, made with virsh as an administrator would where the host has none yet.</summary>
    public static void EnsureDefaultPool(string host)
    {
        if (ExternalTool.Run("virsh", "-c", UriOf(host), "pool-info", "default").ExitCode != 0)
        {
            Virsh(host, "pool-define-as", "default", "dir", "--target", "/var/lib/libvirt/images");
            Virsh(host, "pool-build", "default");
            Virsh(host, "pool-start", "default");
        }
    }

    /// <summary>The domains a host defines, running or not.</summary>
    public static IReadOnlyList<string> Domains(string host) =>
        Virsh(host, "list", "--all", "--name").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Virsh(string host, params string[] arguments)
    {
        var result = ExternalTool.Run("virsh", ["-c", UriOf(host), .. arguments]);
        Assert.True(result.ExitCode == 0, $"virsh -c {UriOf(host)} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    public void Dispose()
    {
        foreach (var name in deployed)
        {
            Run("undeploy", name, "--purge", "--force");
        }

        ExternalTool.Run("bash", Path.Combine(ApplianceCommand.RepositoryRoot(), "scripts", "libvirt-fleet.sh"), "stop", folder.File("hosts"));
        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ThreeHostsCollection : ICollectionFixture<ThreeHosts>
{
    public const string Name = "three libvirt hosts";
}
