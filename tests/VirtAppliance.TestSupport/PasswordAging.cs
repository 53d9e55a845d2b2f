namespace VirtAppliance.TestSupport;

/// <summary>
/// What the system's own tools make of an image's accounts: <c>chage --root DIR -l USER</c> on a folder holding the
/// image's /etc/passwd and /etc/shadow (chage reads them as login and PAM's pam_unix do).
/// </summary>
public static class PasswordAging
{
    public static string Describe(string passwd, string shadow, string user)
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("etc"));
        File.WriteAllText(root.File("etc/passwd"), passwd);
        File.WriteAllText(root.File("etc/shadow"), shadow);
        return ExternalTool.Ok("chage", "--root", root.Path, "-l", user);
    }

    /// <summary>Fails unless <paramref name="user"/>'s password is current: changed on one of <paramref name="days"/>, never forced to change.</summary>
    public static void AssertNotExpired(string passwd, string shadow, string user, params DateOnly[] days)
    {
        var aging = Describe(passwd, shadow, user);
        Assert.DoesNotContain("password must be changed", aging);
        var lastChange = aging.Split('\n').Single(line => line.StartsWith("Last password change", StringComparison.Ordinal));
        var shown = lastChange[(lastChange.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        Assert.Contains(shown, days.Select(day => day.ToString("MMM dd, yyyy", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Matches(@"(?m)^Password expires\s*:\s*never$", aging);
    }
}
