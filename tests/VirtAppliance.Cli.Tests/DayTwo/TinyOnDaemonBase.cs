using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>
/// examples/tiny.ks with more of a kickstart spec appended, built once into a folder of the fixture's own, for tests
/// on the default connection (the system daemon, shared by every process): the instances a test names are
/// undeployed when the fixture ends.
/// </summary>
public abstract class TinyOnDaemonBase : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly List<string> deployed = [];
    private readonly string prefix;

    /// <summary>Builds tiny.ks + <paramref name="extraSpec"/> with <paramref name="seed"/>; instance names start with <paramref name="namePrefix"/>.</summary>
    protected TinyOnDaemonBase(string extraSpec, string seed, string namePrefix)
    {
        prefix = namePrefix;
        var spec = folder.File($"tiny-{seed}.ks");
        File.WriteAllText(spec, File.ReadAllText(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks")) + extraSpec);
        var built = Run("build", spec, "-o", folder.File("out"), "--seed", seed);
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
    }

    /// <summary>The built descriptor (out/tiny.xml).</summary>
    public string Descriptor => Path.Combine(folder.File("out"), "tiny.xml");

    public string StateHome => folder.File("state");

    public string InstanceFolder(string name) => Path.Combine(StateHome, "virt-appliance", "instances", name);

    /// <summary>A domain name of this test run's own: the system daemon is shared by every process on the machine.</summary>
    public string NameFor(string purpose)
    {
        var name = $"{prefix}-{purpose}-{Environment.ProcessId}";
        deployed.Add(name);
        return name;
    }

    public ApplianceCommand.Result Run(params string[] arguments) =>
        ApplianceCommand.Run(StateHome, null, arguments, TimeSpan.FromSeconds(300));

    public ApplianceCommand.Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    public void Dispose()
    {
        foreach (var name in deployed)
        {
            Run("undeploy", name, "--purge", "--force");
        }

        folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
