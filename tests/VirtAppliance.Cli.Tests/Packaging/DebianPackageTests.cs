using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Packaging;

/// <summary>
/// scripts/package.sh as a packager runs it: the .deb it makes is lintian-clean, lists what a user needs in its
/// contents and dependencies, and works unpacked in a fresh folder (dpkg -x).
/// </summary>
[Trait("Category", "Tools")]
public sealed class DebianPackageTests(DebianPackageTests.Built built) : IClassFixture<DebianPackageTests.Built>
{
    private readonly TempDirectory folder = built.Folder;
    private readonly string package = built.Package;

    /// <summary>The package, made once for the class.</summary>
    public sealed class Built : IDisposable
    {
        public TempDirectory Folder { get; } = new();

        public string Package { get; }

        public Built()
        {
            // The published, ahead-of-time compiled command when the test script set it; else package.sh publishes one.
            var published = Environment.GetEnvironmentVariable("VIRT_APPLIANCE_COMMAND") is { Length: > 0 } command ? Path.GetDirectoryName(command) : null;
            string[] from = published is null ? [] : ["--from", published];
            var script = Path.Combine(ApplianceCommand.RepositoryRoot(), "scripts", "package.sh");
            ExternalTool.Ok(new ExternalTool.Invocation("bash", [script, "--only", "deb", .. from, "-o", Folder.File("out")]) { Limit = TimeSpan.FromMinutes(10) });
            Package = Assert.Single(Directory.GetFiles(Folder.File("out"), "virt-appliance_*.deb"));
            Assert.Empty(Directory.GetFileSystemEntries(Folder.File("out"), ".package-*"));
        }

        public void Dispose() => Folder.Dispose();
    }

    [Fact]
    public void The_package_holds_the_executable_manual_pages_completion_and_guides()
    {
        var contents = ExternalTool.Ok("dpkg-deb", "--contents", package);
        foreach (var path in new[]
        {
            "./usr/bin/virt-appliance",
            "./usr/share/man/man1/virt-appliance.1.gz",
            "./usr/share/man/man1/virt-appliance-image.1.gz",
            "./usr/share/man/man1/virt-appliance-deploy.1.gz",
            "./usr/share/bash-completion/completions/virt-appliance",
            "./usr/share/zsh/vendor-completions/_virt-appliance",
            "./usr/share/doc/virt-appliance/copyright",
            "./usr/share/doc/virt-appliance/changelog.gz",
            "./usr/share/doc/virt-appliance/formats.md",
        })
        {
            Assert.Matches($@"(?m) {System.Text.RegularExpressions.Regex.Escape(path)}$", contents);
        }

        Assert.Matches(@"(?m)^-rwxr-xr-x root/root .* \./usr/bin/virt-appliance$", contents);
        var depends = ExternalTool.Ok("dpkg-deb", "--field", package, "Depends");
        foreach (var dependency in new[] { "libc6", "libvirt0", "libzstd1", "libssl3", "e2fsprogs", "qemu-system" })
        {
            Assert.Contains(dependency, depends);
        }
    }

    [Fact]
    public void Lintian_finds_no_errors_or_warnings()
    {
        var result = ExternalTool.Run(new ExternalTool.Invocation("lintian", ["--fail-on", "error,warning", package]) { Limit = TimeSpan.FromMinutes(5) });
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.DoesNotMatch(@"(?m)^[EW]: ", result.Output);
    }

    [Fact]
    public void Unpacked_in_a_fresh_folder_it_reports_its_version_and_reads_an_image()
    {
        var unpacked = folder.File("unpacked");
        ExternalTool.Ok("dpkg", "-x", package, unpacked);
        var executable = Path.Combine(unpacked, "usr", "bin", "virt-appliance");
        var version = ExternalTool.Ok(executable, "--version");
        var debianVersion = ExternalTool.Ok("dpkg-deb", "--field", package, "Version").Trim();
        Assert.StartsWith($"virt-appliance {debianVersion}", version);
        Assert.Matches(@"(?m)^libvirt \d+\.\d+\.\d+ \(/", version);

        var image = folder.File("disk.qcow2");
        ExternalTool.QemuImg("create", "-q", "-f", "qcow2", image, "64M");
        var info = ExternalTool.Ok(executable, "image", "info", image, "--json");
        Assert.Contains("\"qcow2\"", info);
        Assert.Contains("67108864", info);

        var page = ExternalTool.Ok(new ExternalTool.Invocation("man", ["-l", Path.Combine(unpacked, "usr/share/man/man1/virt-appliance-image.1.gz")])
        {
            Environment = new Dictionary<string, string> { ["MANWIDTH"] = "100" },
        });
        Assert.Contains("virt-appliance image convert", page);
    }

}
