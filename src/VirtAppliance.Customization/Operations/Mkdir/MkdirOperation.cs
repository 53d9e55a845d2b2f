using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>mkdir: a folder and its missing parents.</summary>
public sealed record MkdirOperation(int Line, string Path, FileSettings Attributes) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["mkdir"],
        f => f.IsShorthand ? new MkdirOperation(f.Line, f.ShorthandPath(), FileSettings.Default) : new MkdirOperation(f.Line, f.GuestPath("path"), f.Attributes()));

    public override string Name => "mkdir";

    internal override void Apply(RecipeApplier guest) =>
        guest.EnsureDirectory(Path, Attributes.Mode ?? RecipeApplier.DirectoryMode, guest.Owner(Attributes.Owner));

    internal override void AddTo(SeedBuilder seed) =>
        seed.Run($"mkdir -p {SeedBuilder.Quote(Path)}{SeedBuilder.ModeSuffix(Path, Attributes.Mode)}{SeedBuilder.OwnerSuffix(Path, Attributes.Owner)}");

    internal override string? FatRefusal(string filesystem) => Attributes.FatRefusal(filesystem);
}
