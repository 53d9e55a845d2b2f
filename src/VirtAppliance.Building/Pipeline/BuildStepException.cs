namespace VirtAppliance.Building.Pipeline;

/// <summary>A build step failed; the message names the step (and the spec line when there is one) and carries the step's output.</summary>
public sealed class BuildStepException(string message) : Exception(message);
