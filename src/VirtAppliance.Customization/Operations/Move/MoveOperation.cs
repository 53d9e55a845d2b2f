using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>move: a file (or a folder within its folder) to another name; done again, it finds the move done.</summary>
public sealed record MoveOperation(int Line, string From, string To) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["move"], f => new MoveOperation(f.Line, f.GuestPath("from"), f.GuestPath("to")));

    public override string Name => "move";

    internal override void Apply(RecipeApplier guest)
    {
        var source = guest.Guest.Stat(From);
        if (!source.Exists)
        {
            if (guest.Guest.Stat(To).Exists)
            {
                return;
            }

            throw new FileNotFoundException($"{From} does not exist in the guest");
        }

        if (source.Kind == Guest.GuestEntryKind.Directory && RecipeApplier.Parent(From) != RecipeApplier.Parent(To))
        {
            throw new NotSupportedException($"{From} is a folder: folders can be renamed within their folder, not moved to another one");
        }

        guest.EnsureParent(To);
        guest.Guest.Remove(To);
        guest.Guest.Rename(From, To);
    }

    internal override void AddTo(SeedBuilder seed) =>
        seed.Run($"if [ -e {SeedBuilder.Quote(From)} ]; then mkdir -p \"$(dirname {SeedBuilder.Quote(To)})\" && mv -f {SeedBuilder.Quote(From)} {SeedBuilder.Quote(To)}; fi");
}
