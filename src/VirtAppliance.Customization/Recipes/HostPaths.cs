using VirtAppliance.Filesystems.Host;

namespace VirtAppliance.Customization.Recipes;

/// <summary>
/// Which host files a recipe may read: those in its own folder, and in the trees the user allowed with
/// <c>--allow-host-path DIR</c>. A recipe shared with an appliance must not carry the host's secrets into an image, so
/// each path is judged by where it really leads, symbolic links resolved.
/// </summary>
public sealed record HostPaths(string RecipeFolder, IReadOnlyList<string> Allowed)
{
    /// <summary>The file's absolute path; the error names where it leads and how to allow it.</summary>
    public string Resolve(string given, Func<string, Exception> error)
    {
        var path = Path.GetFullPath(Path.Combine(RecipeFolder, given));
        var real = RealPath.Of(path);
        if (Roots().Any(root => RealPath.IsWithin(real, root)))
        {
            return path;
        }

        var where = real == path ? "" : $" (it leads to {real})";
        throw error($"{given} is outside the recipe's folder {RecipeFolder}{where}: a recipe reads host files only from its own folder; allow another tree with --allow-host-path DIR");
    }

    private IEnumerable<string> Roots() => Allowed.Prepend(RecipeFolder).Select(RealPath.Of);
}
