using VirtAppliance.TestSupport.Registries;

namespace VirtAppliance.Repository.Tests;

/// <summary>Debian's docker-registry without TLS or authentication on loopback: the client falls back to plain HTTP there.</summary>
public sealed class OciRegistryHost : IDisposable
{
    private readonly DistributionRegistry registry = new();

    /// <summary>HOST:PORT.</summary>
    public string Address => registry.Address;

    public void Dispose() => registry.Dispose();
}
