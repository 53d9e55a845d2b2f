namespace VirtAppliance.Repository.Transport;

/// <summary>The backend of an indexed repository: a folder or an HTTP server (OCI registries are sources of their own: Sources.ApplianceSources).</summary>
public static class Backends
{
    public static IRepositoryBackend Open(string location, string? pushToken = null)
    {
        if (location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new HttpBackend(location, pushToken);
        }

        return new DirectoryBackend(location.StartsWith("file://", StringComparison.Ordinal) ? location["file://".Length..] : location);
    }
}
