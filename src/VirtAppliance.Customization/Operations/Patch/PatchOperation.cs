using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>
/// patch: a unified diff applied to one file, once: a marker under /var/lib/virt-appliance/patches remembers it, so
/// that a later operation changing the patched lines does not make it apply again. A FAT filesystem (an ESP) gets no
/// marker folder; there the patch's own check (already applied?) decides.
/// </summary>
public sealed record PatchOperation(int Line, string Path, string Diff) : Operation(Line)
{
    internal static OperationKind Kind { get; } = new(["patch"],
        f => new PatchOperation(f.Line, f.GuestPath("path"), f.Optional("diff", strict: false) ?? f.HostText(f.Required("source"))));

    public override string Name => "patch";

    internal override void Apply(RecipeApplier guest)
    {
        var original = System.Text.Encoding.UTF8.GetString(guest.ReadExisting(Path));
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path + "\n" + Diff)))[..16];
        var marker = $"{RecipeApplier.ScriptsFolder}/patches/{key}";
        if (guest.Guest.Stat(marker).Exists)
        {
            return;
        }

        var patched = UnifiedPatch.Parse(Diff).Apply(original);
        if (patched != original)
        {
            guest.Rewrite(Path, System.Text.Encoding.UTF8.GetBytes(patched));
        }

        if (guest.Guest.SupportsOwnership)
        {
            guest.WriteText(marker, Path + "\n", FileSettings.Default);
        }
    }
}
