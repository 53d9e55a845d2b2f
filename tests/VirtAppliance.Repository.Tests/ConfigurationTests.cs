using VirtAppliance.Repository.Sources;
using VirtAppliance.Repository.Client;

namespace VirtAppliance.Repository.Tests;

[Trait("Category", "Fast")]
public sealed class ConfigurationTests
{
    [Fact]
    public void Repos_d_files_list_repositories_with_their_pinned_keys()
    {
        var sources = RepositoryConfiguration.Parse(
            [
                "# comment",
                "[main]",
                "uri = http://repo.example:8080/",
                "key=file:///etc/virt-appliance/main.pub",
                "",
                "[local]",
                "uri=/srv/appliances",
            ],
            "test.conf").ToList();
        Assert.Equal(
            [new RepositorySource("main", "http://repo.example:8080/", "/etc/virt-appliance/main.pub"), new RepositorySource("local", "/srv/appliances", null)],
            sources);
    }

    [Fact]
    public void Bad_lines_and_missing_uris_name_the_file_and_line()
    {
        Assert.Contains("test.conf:2", Assert.Throws<InvalidDataException>(() => RepositoryConfiguration.Parse(["[x]", "nonsense"], "test.conf").ToList()).Message);
        Assert.Contains("[x] has no uri", Assert.Throws<InvalidDataException>(() => RepositoryConfiguration.Parse(["[x]", "key=/k"], "test.conf").ToList()).Message);
    }

    [Theory]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("2.0", "10.0", -1)]
    [InlineData("1.0", "1.0.1", -1)]
    [InlineData("1.0-rc1", "1.0-rc2", -1)]
    public void Versions_compare_numerically(string a, string b, int sign) => Assert.Equal(sign, Math.Sign(VersionOrder.Instance.Compare(a, b)));
}
