namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// A recipe file (absolute) and its variables, kept in the plan so that an interrupted deploy applies it the same way;
/// applied offline to the system overlay, or (AsSeed) compiled into a cloud-init NoCloud seed attached as a CD-ROM.
/// </summary>
public sealed record InstanceRecipe(string File, IReadOnlyDictionary<string, string> Variables, bool AsSeed = false)
{
    /// <summary>Host trees beyond the recipe's folder that it may read (--allow-host-path), absolute.</summary>
    public IReadOnlyList<string> AllowedHostPaths { get; init; } = [];

    public Customization.Recipes.Recipe Read() => Customization.Recipes.RecipeReader.Load(File, Variables, AllowedHostPaths);
}
