namespace VirtAppliance.Repository.Sources;

/// <summary>A configured repository: its name, where it is, and the public key pinned for its index (or none).</summary>
public sealed record RepositorySource(string Name, string Uri, string? KeyFile);
