using VirtAppliance.Customization.Operations;

namespace VirtAppliance.Customization.Recipes;

/// <summary>A parsed recipe: operations in order, variables already expanded.</summary>
public sealed record Recipe(string File, IReadOnlyList<Operation> Operations)
{
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    /// <summary>Which host files the recipe may read.</summary>
    public HostPaths HostPaths { get; init; } = new(Path.GetDirectoryName(Path.GetFullPath(File)) ?? "/", []);

    /// <summary>A host path given in the recipe (relative to its folder), checked again as it is read: links may have changed.</summary>
    public string HostPath(int line, string path) => HostPaths.Resolve(path, message => new RecipeException(File, line, message));
}
