using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests.Referees;

/// <summary>
/// examples/debian-server.ks (Debian 12 booted by GRUB, with sshd and sudo) built once for the referees that need a
/// guest they can inspect and log in to: virt-v2v and Vagrant. Their guests run on the default connection (the
/// system daemon the README's setup starts), as users run them.
/// </summary>
public sealed class DebianServer : IDisposable
{
    public const string LoginPrompt = "debian-server login:";

    public const string SystemConnection = "qemu:///system";

    private readonly TempDirectory folder = new();

    public DebianServer()
    {
        var spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "debian-server.ks");
        var built = Run("build", spec, "-o", Output);
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
    }

    public string Output => folder.File("out");

    public string Descriptor => Path.Combine(Output, "debian-server.xml");

    public string Scratch(string name) => folder.File(name);

    /// <summary>A name of this test run's own: the system daemon is shared by every process on the machine.</summary>
    public static string NameFor(string purpose) => $"referee-{purpose}-{Environment.ProcessId}";

    public ApplianceCommand.Result Run(params string[] arguments) =>
        ApplianceCommand.Run(folder.File("state"), null, arguments, TimeSpan.FromMinutes(10));

    public ApplianceCommand.Result Ok(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}{result.Output}");
        return result;
    }

    public static string Virsh(params string[] arguments) => ExternalTool.Ok("virsh", ["-c", SystemConnection, .. arguments]);

    public void Dispose() => folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DebianServerCollection : ICollectionFixture<DebianServer>
{
    public const string Name = "debian server";
}
