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
            throw new NotSupportedException($"{location}: an OCI registry has no index to search or list; pull or deploy NAME[:VERSION] from it, or publish to it");
        }

        return new DirectoryBackend(location.StartsWith("file://", StringComparison.Ordinal) ? location["file://".Length..] : location);
    }
}
