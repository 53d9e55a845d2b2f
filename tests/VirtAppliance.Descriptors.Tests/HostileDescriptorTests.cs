using VirtAppliance.Descriptors.Reading;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Descriptors.Tests;

/// <summary>Hostile or broken descriptors give errors at file:line:column and never read outside their folder.</summary>
[Trait("Category", "Fast")]
public sealed class HostileDescriptorTests : IDisposable
{
    private const string Valid = """
        <image>
          <name>test</name>
          <domain>
            <boot type="hvm">
              <guest><arch>x86_64</arch></guest>
              <os><loader dev="hd"/></os>
              <drive disk="disk.raw"/>
            </boot>
          </domain>
          <storage>
            <disk file="disk.raw"/>
          </storage>
        </image>
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ExternalEntitiesAreRefused()
    {
        var result = Read("""
            <?xml version="1.0"?>
            <!DOCTYPE image [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <image><name>&secret;</name></image>
            """);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("DTD", problem.Message);
        Assert.Equal(2, problem.Line);
        Assert.Null(result.Descriptor);
    }

    [Fact]
    public void EntityExpansionBombsAreRefused()
    {
        var result = Read("""
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <image><name>&lol2;</name></image>
            """);
        Assert.True(result.HasErrors);
        Assert.Contains("DTD", result.Problems[0].Message);
    }

    [Theory]
    [InlineData("../../etc/passwd", "escapes")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("a/../../b", "escapes")]
    public void DiskPathsThatEscapeTheFolderAreRefused(string file, string expected)
    {
        var result = Read(Valid.Replace("file=\"disk.raw\"", $"file=\"{file}\"").Replace("disk=\"disk.raw\"", $"disk=\"{file}\""));
        var problem = Assert.Single(result.Problems, p => !p.IsWarning && p.Message.Contains(expected));
        Assert.Equal(11, problem.Line);
        Assert.EndsWith("descriptor.xml", problem.File);
    }

    [Fact]
    public void KernelPathsThatEscapeTheFolderAreRefused()
    {
        var result = Read(Valid.Replace("<loader dev=\"hd\"/>", "<kernel>../../boot/vmlinuz</kernel><initrd>/boot/initrd</initrd>"));
        Assert.Contains(result.Problems, p => p.Message.Contains("kernel path") && p.Message.Contains("escapes"));
        Assert.Contains(result.Problems, p => p.Message.Contains("initrd path") && p.Message.Contains("absolute"));
    }

    [Fact]
    public void DuplicateIdsAndDanglingDrivesAreNamed()
    {
        var result = Read(Valid
            .Replace("<disk file=\"disk.raw\"/>", "<disk file=\"disk.raw\"/><disk id=\"disk.raw\" file=\"other.raw\"/>")
            .Replace("<drive disk=\"disk.raw\"/>", "<drive disk=\"disk.raw\"/><drive disk=\"missing\"/>"));
        Assert.Contains(result.Problems, p => p.Message.Contains("disk id 'disk.raw' is used twice"));
        Assert.Contains(result.Problems, p => p.Message.Contains("names disk 'missing'"));
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void DuplicateBootIdsAreNamed()
    {
        var boot = """<boot type="hvm" id="x"><guest><arch>x86_64</arch></guest><drive disk="disk.raw"/></boot>""";
        var result = Read(Valid.Replace("<image>", "<image schema=\"2\">").Replace("<domain>", $"<domain>{boot}{boot}"));
        Assert.Contains(result.Problems, p => p.Message.Contains("boot id 'x' is used twice"));
    }

    [Fact]
    public void EveryProblemIsReportedNotJustTheFirst()
    {
        var result = Read("""
            <image>
              <name>bad name!</name>
              <domain>
                <boot type="paravirt">
                  <guest><arch>x86_64</arch></guest>
                  <drive disk="nope"/>
                </boot>
                <devices><vcpu>0</vcpu></devices>
              </domain>
              <storage><disk file="d.raw" use="sometimes"><checksum type="md5">abc</checksum></disk></storage>
            </image>
            """);
        var errors = result.Problems.Where(p => !p.IsWarning).Select(p => p.Message).ToList();
        Assert.Contains(errors, m => m.Contains("name 'bad name!'"));
        Assert.Contains(errors, m => m.Contains("boot type 'paravirt'"));
        Assert.Contains(errors, m => m.Contains("vcpu '0'"));
        Assert.Contains(errors, m => m.Contains("disk use 'sometimes'"));
        Assert.Contains(errors, m => m.Contains("checksum type 'md5'"));
        Assert.All(result.Problems, p => Assert.True(p.Line > 0 && p.Column > 0, p.ToString()));
    }

    [Fact]
    public void HugeFilesAreRefusedWithoutParsing()
    {
        var path = _dir.File("descriptor.xml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(DescriptorReader.MaxFileBytes + 1);
        }

        var result = DescriptorReader.Read(path);
        Assert.Contains("larger than", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void MalformedXmlReportsItsPosition()
    {
        var result = Read("<image>\n  <name>x</name>\n  <domain>\n</image>");
        var problem = Assert.Single(result.Problems);
        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void LoadThrowsWithEveryError()
    {
        var path = _dir.File("descriptor.xml");
        File.WriteAllText(path, "<appliance/>");
        var error = Assert.Throws<DescriptorException>(() => DescriptorReader.Load(path));
        Assert.Contains("root element is <appliance>", error.Message);
    }

    [Fact]
    public void ResolvingAPathRefusesEscapes()
    {
        Assert.Equal(Path.Combine(_dir.Path, "a", "b.raw"), DescriptorPaths.Resolve(_dir.Path, "a/./b.raw"));
        Assert.Throws<InvalidDataException>(() => DescriptorPaths.Resolve(_dir.Path, "a/../../b.raw"));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(50_000)]
    public void Deep_nesting_is_refused_at_its_line_and_column_without_recursion(int depth)
    {
        var result = Read(Valid.Replace("<name>test</name>", "<name>test</name>" + string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth))));

        var problem = Assert.Single(result.Problems);
        Assert.Contains("nested 65 elements deep; descriptors nest at most 64", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Reading_takes_time_linear_in_the_descriptor()
    {
        // Many drives and disks: a wide descriptor, the shape that grows in real use.
        LinearTime.Assert(500, count =>
        {
            var drives = string.Concat(Enumerable.Range(0, count).Select(i => $"<drive disk=\"d{i}.raw\"/>"));
            var disks = string.Concat(Enumerable.Range(0, count).Select(i => $"<disk file=\"d{i}.raw\"/>"));
            var result = Read(Valid.Replace("<drive disk=\"disk.raw\"/>", drives).Replace("<disk file=\"disk.raw\"/>", disks));
            Assert.Equal(count, result.Descriptor!.Disks.Count);
        });
    }

    private DescriptorReadResult Read(string xml)
    {
        var path = _dir.File("descriptor.xml");
        File.WriteAllText(path, xml);
        return DescriptorReader.Read(path);
    }
}
