namespace VirtAppliance.Deployment.Instances;

/// <summary>The name is taken by another instance or domain.</summary>
public sealed class InstanceExistsException(string message) : Exception(message);
