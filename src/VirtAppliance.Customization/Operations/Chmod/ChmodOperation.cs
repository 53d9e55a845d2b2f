using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>chmod: the mode of an existing guest path.</summary>
public sealed record ChmodOperation(int Line, string Path, UnixFileMode Mode) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["chmod"], f => new ChmodOperation(f.Line, f.GuestPath("path"), f.Mode(f.Required("mode"))));

    public override string Name => "chmod";

    internal override void Apply(RecipeApplier guest)
    {
        guest.RequireExists(Path);
        if (guest.Guest.Stat(Path).Kind == Guest.GuestEntryKind.Symlink)
        {
            // chmod(1) would change the file the link points to; offline, links are not followed: say which to name.
            throw new IOException($"{Path} is a symbolic link (links have no mode of their own): chmod the path it points to");
        }

        guest.Guest.SetMode(Path, Mode);
    }

    internal override void AddTo(SeedBuilder seed) => seed.Run($"chmod {SeedBuilder.Octal(Mode)} {SeedBuilder.Quote(Path)}");

    internal override string? FatRefusal(string filesystem) => $"a {filesystem} filesystem keeps no Unix modes or owners";
}
