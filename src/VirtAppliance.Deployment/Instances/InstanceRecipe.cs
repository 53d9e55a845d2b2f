namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// A recipe file (absolute) and its variables, kept in the plan so that an interrupted deploy applies it the same way;
/// applied offline to the system overlay, or (AsSeed) compiled into a cloud-init NoCloud seed attached as a CD-ROM.
/// </summary>
public sealed record InstanceRecipe(string File, IReadOnlyDictionary<string, string> Variables, bool AsSeed = false);
