using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Cli.Repositories;

/// <summary>Sources a command opened, disposed together.</summary>
internal sealed class OpenSources(IReadOnlyList<IApplianceSource> sources) : IDisposable
{
    public IReadOnlyList<IApplianceSource> Sources { get; } = sources;

    public void Dispose()
    {
        foreach (var source in Sources)
        {
            source.Dispose();
        }
    }
}
