using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>
/// One step of a recipe, with the line it was written on (paths are absolute guest paths after variable expansion).
/// Each kind lives in a folder of its own: how it is read (its <see cref="OperationKind"/>, listed in
/// <see cref="OperationKinds"/>), applied offline, compiled into a cloud-init seed, and refused on FAT.
/// </summary>
public abstract record Operation(int Line)
{
    /// <summary>The name the recipe uses for it (write, upload, ...).</summary>
    public abstract string Name { get; }

    /// <summary>Applies the operation to the guest filesystem; applying it again changes nothing more.</summary>
    internal abstract void Apply(RecipeApplier guest);

    /// <summary>What a cloud-init seed does for it; operations that only work offline are refused, by line.</summary>
    internal virtual void AddTo(SeedBuilder seed) => throw seed.OfflineOnly(this);

    /// <summary>Why it cannot be applied to a filesystem without Unix modes, owners or links (FAT); null when it can.</summary>
    internal virtual string? FatRefusal(string filesystem) => null;
}
