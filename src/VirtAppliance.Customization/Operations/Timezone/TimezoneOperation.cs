using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>timezone: /etc/localtime and /etc/timezone, for a zone of the tz database.</summary>
public sealed record TimezoneOperation(int Line, string Zone) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["timezone"], f => new TimezoneOperation(f.Line, f.Zone(f.IsShorthand ? f.Shorthand() : f.Required("zone"))));

    public override string Name => "timezone";

    internal override void Apply(RecipeApplier guest)
    {
        guest.Guest.Symlink("/etc/localtime", "/usr/share/zoneinfo/" + Zone);
        guest.WriteText("/etc/timezone", Zone + "\n", FileSettings.Default);
    }

    internal override void AddTo(SeedBuilder seed) => seed.Config["timezone"] = Zone;
}
