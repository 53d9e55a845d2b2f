using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>copy-in: a host file or folder, recursively, into a guest folder (virt-customize's copy-in).</summary>
public sealed record CopyInOperation(int Line, string Source, string Path) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["copy-in"], f => new CopyInOperation(f.Line, f.HostFile("source"), f.GuestPath("path")));

    public override string Name => "copy-in";

    internal override void Apply(RecipeApplier guest) => guest.CopyIn(guest.Recipe.HostPath(Line, Source), Path);
}
