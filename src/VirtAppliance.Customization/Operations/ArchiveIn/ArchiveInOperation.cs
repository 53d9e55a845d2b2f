using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>tar-in, cpio-in: an archive extracted into a guest folder with its members' modes and owners.</summary>
public sealed record ArchiveInOperation(int Line, string Source, string Path, bool IsCpio) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["tar-in", "cpio-in"],
        f => new ArchiveInOperation(f.Line, f.HostFile("source"), f.GuestPath("path", required: false), IsCpio: f.Name == "cpio-in"));

    public override string Name => IsCpio ? "cpio-in" : "tar-in";

    internal override void Apply(RecipeApplier guest) => guest.ExtractArchive(guest.Recipe.HostPath(Line, Source), Path, IsCpio);

    /// <summary>A tar archive travels in the seed and is extracted at first boot; cpio is offline only.</summary>
    internal override void AddTo(SeedBuilder seed)
    {
        if (IsCpio)
        {
            base.AddTo(seed);
            return;
        }

        var staged = $"/var/lib/virt-appliance/seed/line-{Line}.tar";
        seed.AddFile(staged, seed.ReadHost(Line, Source), new FileSettings((UnixFileMode)0x180, null));
        seed.Run($"mkdir -p {SeedBuilder.Quote(Path)} && tar -xf {staged} -C {SeedBuilder.Quote(Path)} && rm -f {staged}");
    }
}
