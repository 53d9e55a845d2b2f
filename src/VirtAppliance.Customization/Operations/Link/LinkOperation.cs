using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>link: a symbolic link (replacing what is there).</summary>
public sealed record LinkOperation(int Line, string Path, string Target) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["link"], f => new LinkOperation(f.Line, f.GuestPath("path"), f.Required("target")));

    public override string Name => "link";

    internal override void Apply(RecipeApplier guest)
    {
        guest.EnsureParent(Path);
        guest.Guest.Symlink(Path, Target);
    }

    internal override void AddTo(SeedBuilder seed) =>
        seed.Run($"mkdir -p \"$(dirname {SeedBuilder.Quote(Path)})\" && ln -sfn {SeedBuilder.Quote(Target)} {SeedBuilder.Quote(Path)}");

    internal override string? FatRefusal(string filesystem) => $"a {filesystem} filesystem has no symbolic links";
}
