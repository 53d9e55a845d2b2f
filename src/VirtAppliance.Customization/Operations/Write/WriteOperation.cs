using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>write: a file with the given text.</summary>
public sealed record WriteOperation(int Line, string Path, string Content, FileSettings Attributes) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["write"], f => new WriteOperation(f.Line, f.GuestPath("path"), f.Required("content"), f.Attributes()));

    public override string Name => "write";

    internal override void Apply(RecipeApplier guest) => guest.WriteText(Path, Content, Attributes);

    internal override void AddTo(SeedBuilder seed) => seed.AddFile(Path, System.Text.Encoding.UTF8.GetBytes(Content), Attributes);

    internal override string? FatRefusal(string filesystem) => Attributes.FatRefusal(filesystem);
}
