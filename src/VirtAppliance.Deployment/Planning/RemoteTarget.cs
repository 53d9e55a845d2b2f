using VirtAppliance.Deployment.Storage;

namespace VirtAppliance.Deployment.Planning;

/// <summary>A remote host's pool, where a plan puts the instance's files, and how the shared files' digests are had.</summary>
public sealed record RemoteTarget(RemotePool Pool, Func<string, string> Sha256);
