using VirtAppliance.Customization;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Deployment.Storage;

namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// Applies an instance's recipe offline to the new system overlay that holds its root filesystem (the first with an
/// ext filesystem), before the overlay gets its final name: an interrupted deploy never leaves an uncustomized overlay.
/// </summary>
internal sealed class RecipeOnOverlays(InstanceRecipe recipe)
{
    private readonly Recipe _recipe = recipe.Read();
    private bool _attempted;
    private bool _applied;

    public void Apply(InstanceDisk disk, string temporaryPath)
    {
        if (_applied)
        {
            return;
        }

        _attempted = true;
        try
        {
            Customizer.Apply(temporaryPath, _recipe, null, CancellationToken.None, linuxRootOnly: true);
            _applied = true;
        }
        catch (NotSupportedException)
        {
            // No ext filesystem on this disk (a boot disk): try the next one.
        }
    }

    /// <summary>New overlays were made but none could take the recipe: an error. (Overlays made by an earlier, interrupted run already have it.)</summary>
    public void RequireApplied()
    {
        if (_attempted && !_applied)
        {
            throw new InvalidDataException($"{recipe.File}: no system disk of this variant holds an ext2/3/4 filesystem to apply the recipe to");
        }
    }
}
