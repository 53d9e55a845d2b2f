namespace VirtAppliance.Repository.Publishing;

/// <summary>The repository already holds this version with other content.</summary>
public sealed class RepositoryConflictException(string message) : Exception(message);
