using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>delete: a guest path, recursively (nothing when it is not there).</summary>
public sealed record DeleteOperation(int Line, string Path) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["delete"], f => new DeleteOperation(f.Line, f.IsShorthand ? f.ShorthandPath() : f.GuestPath("path")));

    public override string Name => "delete";

    internal override void Apply(RecipeApplier guest) => guest.Remove(Path);

    internal override void AddTo(SeedBuilder seed) => seed.Run($"rm -rf {SeedBuilder.Quote(Path)}");
}
