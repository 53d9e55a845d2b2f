namespace VirtAppliance.Repository.Transport;

/// <summary>Chooses the backend for a repository location.</summary>
public static class Backends
{
    public static IRepositoryBackend Open(string location, string? pushToken = null)
    {
        if (location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new HttpBackend(location, pushToken);
        }

        if (location.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{location}: OCI registries are not supported yet; use a folder or an HTTP repository ('virt-appliance repo serve')");
        }

        return new DirectoryBackend(location.StartsWith("file://", StringComparison.Ordinal) ? location["file://".Length..] : location);
    }
}
