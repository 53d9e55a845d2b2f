namespace VirtAppliance.Filesystems.Tools;

/// <summary>A step that ran an external tool (or another step of a build) failed; the message names the step and carries its output.</summary>
public sealed class StepFailedException(string message) : Exception(message);
