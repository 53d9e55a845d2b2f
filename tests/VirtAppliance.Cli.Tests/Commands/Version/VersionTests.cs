namespace VirtAppliance.Cli.Tests.Commands.Version;

/// <summary>--version names the version, the commit and every native library, found or not.</summary>
[Trait("Category", "Fast")]
public sealed class VersionTests
{
    [Fact]
    public void Version_commit_and_native_libraries_are_listed()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Matches(@"^virt-appliance \d+\.\d+\.\d+\S* \(commit [0-9a-f]{7,12}\)$", lines[0]);
        Assert.Collection(
            lines[1..],
            line => Assert.Matches(@"^libvirt( \d+\.\d+\.\d+ \(/\S+libvirt\.so\.0\S*\)|: libvirt\.so\.0 not found \(.+\))$", line),
            line => Assert.Matches(@"^libzstd( \d+\.\d+\.\d+ \(/\S+libzstd\.so\.1\S*\)|: libzstd\.so\.1 not found \(ZstdSharp is used instead\))$", line),
            line => Assert.Matches(@"^libdeflate( \(/\S+libdeflate\.so\.0\S*\)|: libdeflate\.so\.0 not found \(zlib-ng of \.NET is used instead\))$", line));
    }
}
