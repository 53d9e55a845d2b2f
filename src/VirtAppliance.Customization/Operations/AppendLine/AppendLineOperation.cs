using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>append-line: a line at the end of a file, once (a file that has it already is left alone).</summary>
public sealed record AppendLineOperation(int Line, string Path, string Text) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["append-line"], f => new AppendLineOperation(f.Line, f.GuestPath("path"), f.OneLine(f.Required("line"))));

    public override string Name => "append-line";

    internal override void Apply(RecipeApplier guest)
    {
        var existing = guest.Guest.Stat(Path).Exists ? System.Text.Encoding.UTF8.GetString(guest.ReadExisting(Path)) : null;
        if (existing is not null && existing.Split('\n').Contains(Text))
        {
            return;
        }

        var text = existing is null or "" ? Text + "\n" : existing + (existing.EndsWith('\n') ? "" : "\n") + Text + "\n";
        if (existing is null)
        {
            guest.WriteText(Path, text, FileSettings.Default);
        }
        else
        {
            guest.Rewrite(Path, System.Text.Encoding.UTF8.GetBytes(text));
        }
    }

    internal override void AddTo(SeedBuilder seed) =>
        seed.Run($"grep -qxF {SeedBuilder.Quote(Text)} {SeedBuilder.Quote(Path)} 2>/dev/null || echo {SeedBuilder.Quote(Text)} >> {SeedBuilder.Quote(Path)}");
}
