using System.IO.Compression;
using System.Xml.Linq;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Packaging;

/// <summary>
/// The libraries as a .NET developer gets them: scripts/package.sh --only nuget packs them, and a console program of
/// its own, restored from that folder alone (plus the packages already in the machine's NuGet cache), converts an
/// image that qemu-img then checks.
/// </summary>
[Trait("Category", "Tools")]
public sealed class NuGetPackageTests(NuGetPackageTests.Packed packed) : IClassFixture<NuGetPackageTests.Packed>
{
    private static readonly string[] Libraries = ["VirtAppliance.DiskImages", "VirtAppliance.Descriptors", "VirtAppliance.Hosts", "VirtAppliance.Libvirt"];

    /// <summary>The packages, made once for the class.</summary>
    public sealed class Packed : IDisposable
    {
        public TempDirectory Folder { get; } = new();

        public string Feed => Folder.File("feed");

        public Packed()
        {
            var script = Path.Combine(ApplianceCommand.RepositoryRoot(), "scripts", "package.sh");
            ExternalTool.Ok(new ExternalTool.Invocation("bash", [script, "--only", "nuget", "-o", Feed]) { Limit = TimeSpan.FromMinutes(10) });
            Assert.Empty(Directory.GetFileSystemEntries(Feed, ".package-*"));
        }

        public void Dispose() => Folder.Dispose();
    }

    [Fact]
    public void Each_library_is_packed_with_its_api_documentation_readme_and_symbols()
    {
        foreach (var library in Libraries)
        {
            var package = Assert.Single(Directory.GetFiles(packed.Feed, $"{library}.*.nupkg"));
            Assert.Single(Directory.GetFiles(packed.Feed, $"{library}.*.snupkg"));
            using var zip = ZipFile.OpenRead(package);
            var names = zip.Entries.Select(entry => entry.FullName).ToHashSet();
            Assert.Contains($"lib/net10.0/{library}.dll", names);
            Assert.Contains("README.md", names);
            var documentation = XDocument.Load(zip.GetEntry($"lib/net10.0/{library}.xml")!.Open());
            Assert.True(documentation.Descendants("member").Count() > 20, $"{library}: too few documented members");

            var nuspec = XDocument.Load(zip.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var description = nuspec.Descendants().Single(element => element.Name.LocalName == "description").Value;
            Assert.True(description.Length > 40, $"{library}: description '{description}'");

            using var assembly = new MemoryStream();
            zip.GetEntry($"lib/net10.0/{library}.dll")!.Open().CopyTo(assembly);
            var text = System.Text.Encoding.UTF8.GetString(assembly.ToArray());
            Assert.DoesNotContain(ApplianceCommand.RepositoryRoot(), text);
        }

        var hosts = Assert.Single(Directory.GetFiles(packed.Feed, "VirtAppliance.Hosts.*.nupkg"));
        using var hostsZip = ZipFile.OpenRead(hosts);
        var hostsSpec = XDocument.Load(hostsZip.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.Contains(hostsSpec.Descendants(), element => element.Name.LocalName == "dependency" && (string?)element.Attribute("id") == "VirtAppliance.Descriptors");
    }

    [Fact]
    public void A_program_built_against_the_packages_converts_an_image()
    {
        var package = Path.GetFileName(Assert.Single(Directory.GetFiles(packed.Feed, "VirtAppliance.DiskImages.*.nupkg")));
        var version = package["VirtAppliance.DiskImages.".Length..^".nupkg".Length];
        var app = packed.Folder.File("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{packed.Folder.File("packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VirtAppliance.DiskImages" Version="{version}" />
                <PackageReference Include="VirtAppliance.Hosts" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using VirtAppliance.DiskImages;
            using VirtAppliance.DiskImages.Conversion;
            using VirtAppliance.DiskImages.Inspection;
            using VirtAppliance.DiskImages.Qcow2;

            var result = ImageConverter.Convert(args[0], args[1], new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true });
            using var image = DiskImageOpener.Open(args[1]);
            var info = ImageInspector.Describe(image);
            Console.WriteLine($"{info.Format} {info.VirtualSize} {result.DataBytes}");
            """);
        // Sources: the packed folder, and the machine's NuGet cache for what the libraries depend on (ZstdSharp).
        var cache = ExternalTool.Ok("dotnet", "nuget", "locals", "global-packages", "--list").Trim().Split(": ", 2)[1];
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packed.Feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);

        var source = packed.Folder.File("disk.raw");
        using (var stream = File.Create(source))
        {
            var random = new Random(25);
            var block = new byte[65536];
            for (var i = 0; i < 64; i++)
            {
                if (i % 3 == 0)
                {
                    random.NextBytes(block);
                    stream.Write(block);
                }
                else
                {
                    stream.Seek(block.Length, SeekOrigin.Current);
                }
            }

            stream.SetLength(64L << 20);
        }

        var output = packed.Folder.File("disk.qcow2");
        var run = ExternalTool.Ok(new ExternalTool.Invocation("dotnet", ["run", "-c", "Release", "--", source, output]) { Folder = app, Limit = TimeSpan.FromMinutes(10) });
        Assert.Equal($"qcow2 {64L << 20} {22 * 65536}", run.Trim().Split('\n')[^1]);
        ExternalTool.AssertCleanCheck(output);
        ExternalTool.AssertIdentical(source, output);
    }
}
