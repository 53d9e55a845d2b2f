using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.NormalUser;

/// <summary>The unprivileged user, and examples/tiny.ks built by that user into its home.</summary>
public sealed class NormalUserAppliance : IDisposable
{
    public NormalUserAppliance()
    {
        User = new UnprivilegedUser();
        var spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks");
        Build = User.Run(TimeSpan.FromSeconds(300), "build", spec, "-o", User.File("tiny"));
    }

    public UnprivilegedUser User { get; }

    /// <summary>The build's outcome; the first test asserts it.</summary>
    public ApplianceCommand.Result Build { get; }

    public string Descriptor => Disk("tiny.xml");

    public string Disk(string name)
    {
        Assert.True(Build.ExitCode == 0, $"the build as a normal user failed, so {name} is missing:\n{Build.Error}");
        return User.File(Path.Combine("tiny", name));
    }

    public void Dispose()
    {
        User.Run(TimeSpan.FromSeconds(60), "undeploy", "user-tiny", "--purge", "--force");
        User.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class NormalUserCollection : ICollectionFixture<NormalUserAppliance>
{
    public const string Name = "normal user";
}
