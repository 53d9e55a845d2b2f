namespace VirtAppliance.Deployment.Instances;

/// <summary>The instance is not in a state the command can act on (its domain is gone, its install failed...).</summary>
public sealed class InstanceStateException(string message) : Exception(message);
