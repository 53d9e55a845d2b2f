using VirtAppliance.Filesystems.Guests;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Filesystems.Tests;

[Trait("Category", "Fast")]
public sealed class SystemNamesTests
{
    [Fact]
    public void Zone_names_are_checked_against_the_tz_database_where_there_is_one()
    {
        using var folder = new TempDirectory();
        var database = folder.File("zoneinfo");
        Directory.CreateDirectory(Path.Combine(database, "Europe"));
        File.WriteAllText(Path.Combine(database, "Europe", "Berlin"), "TZif");
        File.WriteAllText(Path.Combine(database, "UTC"), "TZif");

        Assert.True(SystemNames.IsTimezone("Europe/Berlin", database));
        Assert.True(SystemNames.IsTimezone("UTC", database));
        Assert.False(SystemNames.IsTimezone("Europe/Atlantis", database));
        Assert.False(SystemNames.IsTimezone("Europe", database));
        Assert.False(SystemNames.IsTimezone("../etc/passwd", database));

        // Without a database, a well-formed name is all that can be checked.
        Assert.True(SystemNames.IsTimezone("Europe/Atlantis", folder.File("missing")));
        Assert.False(SystemNames.IsTimezone("Europe//Berlin", folder.File("missing")));
    }
}
