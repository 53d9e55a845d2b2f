using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Filesystems.Tests;

[Trait("Category", "Tools")]
public sealed class HostToolsTests
{
    [Fact]
    public void The_search_path_adds_the_system_folders_a_user_path_lacks_after_it()
    {
        Assert.Equal("/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin", HostTools.SearchPath("/usr/local/bin:/usr/bin:/bin"));
        Assert.Equal("/usr/sbin:/bin:/usr/local/sbin:/sbin", HostTools.SearchPath("/usr/sbin:/bin"));
        Assert.Equal("/usr/local/sbin:/usr/sbin:/sbin", HostTools.SearchPath(null));
    }

    [Fact]
    public void A_tool_in_sbin_is_found_with_a_users_path()
    {
        // e2fsprogs installs mke2fs in /usr/sbin (Debian 12) or /sbin; a normal user's PATH has neither.
        var found = HostTools.Find("mke2fs", HostTools.SearchPath("/usr/local/bin:/usr/bin:/bin"));
        Assert.NotNull(found);
        Assert.StartsWith("/", found);
        Assert.Null(HostTools.Find("mke2fs", "/usr/local/bin:/usr/bin:/bin"));
    }

    [Fact]
    public void A_missing_tool_names_the_folders_searched_and_its_debian_package()
    {
        var error = Assert.Throws<ToolNotInstalledException>(() => HostTools.Resolve("/nonexistent/mkfs.fat"));
        Assert.Contains("mkfs.fat is not installed", error.Message);
        Assert.Contains("/usr/sbin", error.Message);
        Assert.Contains("apt-get install dosfstools", error.Message);
        Assert.Equal("dosfstools", error.Package);
    }
}
