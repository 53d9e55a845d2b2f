using System.Text.RegularExpressions;

namespace VirtAppliance.Filesystems.Guests;

/// <summary>The names a guest system accepts: host names (RFC 1123), user and group names, time zone names.</summary>
public static partial class SystemNames
{
    public static bool IsHostName(string name) => HostName().IsMatch(name);

    public static bool IsUserName(string name) => UserName().IsMatch(name);

    /// <summary>The tz database this machine has (Debian's tzdata), which zone names are checked against.</summary>
    public const string ZoneDatabase = "/usr/share/zoneinfo";

    /// <summary>A zone of the tz database (Europe/Berlin, UTC); where this machine has no database, a well-formed name.</summary>
    public static bool IsTimezone(string zone) => IsTimezone(zone, ZoneDatabase);

    public static bool IsTimezone(string zone, string database) =>
        Timezone().IsMatch(zone) && !zone.Contains("..", StringComparison.Ordinal)
        && (!Directory.Exists(database) || File.Exists(Path.Combine(database, zone)));

    [GeneratedRegex("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();

    [GeneratedRegex("^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$")]
    private static partial Regex Timezone();
}
