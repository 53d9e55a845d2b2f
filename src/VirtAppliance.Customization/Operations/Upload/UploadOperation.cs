using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>upload: a host file copied to a guest path (its mode kept unless given).</summary>
public sealed record UploadOperation(int Line, string Source, string Path, FileSettings Attributes) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["upload"], f => new UploadOperation(f.Line, f.HostFile("source"), f.GuestPath("path"), f.Attributes()));

    public override string Name => "upload";

    internal override void Apply(RecipeApplier guest)
    {
        var source = guest.Recipe.HostPath(Line, Source);
        RecipeApplier.RequireHostFile(source);
        guest.PutFile(Path, source, Attributes.Mode ?? File.GetUnixFileMode(source) & (UnixFileMode)0xfff, guest.Owner(Attributes.Owner));
    }

    internal override void AddTo(SeedBuilder seed) => seed.AddFile(Path, seed.ReadHost(Line, Source), Attributes);

    internal override string? FatRefusal(string filesystem) => Attributes.FatRefusal(filesystem);
}
