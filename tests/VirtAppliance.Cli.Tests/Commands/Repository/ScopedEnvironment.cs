namespace VirtAppliance.Cli.Tests.Commands.Repository;

/// <summary>
/// Points the XDG folders of this process at a test's own folder for the test's duration. The environment is the
/// whole process's, inherited by every command another test starts meanwhile, so tests that use it run in
/// <see cref="Collection"/>, which runs alone.
/// </summary>
internal sealed class ScopedEnvironment : IDisposable
{
    public const string Collection = "changes the process environment";

    private readonly (string Name, string? Old)[] saved;

    public ScopedEnvironment(params (string Name, string Value)[] values)
    {
        saved = values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, old) in saved)
        {
            Environment.SetEnvironmentVariable(name, old);
        }
    }
}

[CollectionDefinition(ScopedEnvironment.Collection, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
