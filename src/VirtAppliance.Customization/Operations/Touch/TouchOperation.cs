using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>touch: an empty file where none is.</summary>
public sealed record TouchOperation(int Line, string Path) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["touch"], f => new TouchOperation(f.Line, f.IsShorthand ? f.ShorthandPath() : f.GuestPath("path")));

    public override string Name => "touch";

    internal override void Apply(RecipeApplier guest)
    {
        if (!guest.Guest.Stat(Path).Exists)
        {
            guest.WriteText(Path, "", FileSettings.Default);
        }
    }

    internal override void AddTo(SeedBuilder seed) =>
        seed.Run($"[ -e {SeedBuilder.Quote(Path)} ] || {{ mkdir -p \"$(dirname {SeedBuilder.Quote(Path)})\" && : > {SeedBuilder.Quote(Path)}; }}");
}
