using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>chown: the owner of an existing guest path (user:group, uid:gid or user).</summary>
public sealed record ChownOperation(int Line, string Path, string Owner) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["chown"], f => new ChownOperation(f.Line, f.GuestPath("path"), f.Required("owner")));

    public override string Name => "chown";

    internal override void Apply(RecipeApplier guest)
    {
        guest.RequireExists(Path);
        var (uid, gid) = guest.Owner(Owner);
        guest.Guest.SetOwner(Path, uid, gid);
    }

    internal override void AddTo(SeedBuilder seed) => seed.Run($"chown {SeedBuilder.Quote(Owner)} {SeedBuilder.Quote(Path)}");

    internal override string? FatRefusal(string filesystem) => $"a {filesystem} filesystem keeps no Unix modes or owners";
}
