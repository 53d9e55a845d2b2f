using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>truncate: an existing file cut (or zero-extended) to a size, 0 by default.</summary>
public sealed record TruncateOperation(int Line, string Path, long Size) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["truncate"],
        f => new TruncateOperation(f.Line, f.GuestPath("path"), f.Optional("size") is { } size ? f.Size(size) : 0));

    public override string Name => "truncate";

    internal override void Apply(RecipeApplier guest)
    {
        var bytes = guest.ReadExisting(Path);
        Array.Resize(ref bytes, (int)Math.Min(Size, int.MaxValue));
        guest.Rewrite(Path, bytes);
    }

    internal override void AddTo(SeedBuilder seed) => seed.Run($"truncate -s {Size} {SeedBuilder.Quote(Path)}");
}
