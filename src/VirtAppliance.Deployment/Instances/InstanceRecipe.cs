namespace VirtAppliance.Deployment.Instances;

/// <summary>A recipe file (absolute) and its variables, kept in the plan so that an interrupted deploy applies it the same way.</summary>
public sealed record InstanceRecipe(string File, IReadOnlyDictionary<string, string> Variables);
