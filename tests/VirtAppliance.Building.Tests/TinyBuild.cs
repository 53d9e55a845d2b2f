using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

/// <summary>examples/tiny.ks built once by the virt-appliance executable, reproducibly (fixed seed and SOURCE_DATE_EPOCH).</summary>
public sealed class TinyBuild : IDisposable
{
    public const string Seed = "tiny-test";
    public const string Epoch = "1700000000";

    private readonly TempDirectory folder = new();

    public TinyBuild()
    {
        Spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks");
        Output = folder.File("out");
        Build(Output, Seed);
    }

    public string Spec { get; }

    public string Output { get; }

    public string StateHome => folder.File("state");

    public string Scratch(string name) => folder.File(name);

    public ApplianceCommand.Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        ApplianceCommand.Run(StateHome, environment, arguments, TimeSpan.FromSeconds(300));

    public void Build(string output, string seed, string format = "qcow2")
    {
        var result = Run(new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch }, "build", Spec, "-o", output, "--seed", seed, "--format", format);
        Assert.True(result.ExitCode == 0, $"build exited {result.ExitCode}:\n{result.Error}{result.Output}");
    }

    public void Dispose() => folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyBuildCollection : ICollectionFixture<TinyBuild>
{
    /// <summary>The tiny build, and the embedded libvirt root its boot tests share: these tests run one after another.</summary>
    public const string Name = "tiny build";
}
