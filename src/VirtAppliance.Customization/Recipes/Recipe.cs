using VirtAppliance.Customization.Operations;

namespace VirtAppliance.Customization.Recipes;

/// <summary>A parsed recipe: operations in order, variables already expanded.</summary>
public sealed record Recipe(string File, IReadOnlyList<Operation> Operations)
{
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    /// <summary>A host path given in the recipe, relative to the recipe's folder.</summary>
    public string HostPath(string path) => Path.GetFullPath(Path.Combine(Folder, path));
}
