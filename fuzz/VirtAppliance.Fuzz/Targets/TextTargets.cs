using System.Text;
using VirtAppliance.Building;
using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>The text formats users write: kickstart specs, recipes, and the unified diffs recipes apply.</summary>
public static class TextTargets
{
    /// <summary>The file the diff seeds were made against (fuzz/seeds.sh writes the same lines).</summary>
    public static string PatchedText { get; } = string.Concat(Enumerable.Range(1, 12).Select(i => $"line {i}\n"));

    public static void Kickstart(byte[] input, Scratch scratch) =>
        _ = KickstartBuild.Load(scratch.Write("spec.ks", input));

    public static void Recipe(byte[] input, Scratch scratch) =>
        _ = RecipeReader.Parse(Encoding.UTF8.GetString(input), Path.Combine(scratch.Folder, "recipe.yaml"), new Dictionary<string, string>());

    public static void Diff(byte[] input, Scratch scratch) =>
        _ = UnifiedPatch.Parse(Encoding.UTF8.GetString(input)).Apply(PatchedText);
}
