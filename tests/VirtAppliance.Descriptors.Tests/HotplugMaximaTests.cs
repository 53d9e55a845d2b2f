using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Descriptors.Writing;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Descriptors.Tests;

/// <summary>Schema 2's maxima for live hardware changes: vcpu/@max, memory/@max, &lt;hotplug disks interfaces&gt;.</summary>
[Trait("Category", "Fast")]
public sealed class HotplugMaximaTests
{
    private static DescriptorReadResult Read(TempDirectory folder, string devices)
    {
        File.WriteAllText(folder.File("app.xml"), $"""
            <image schema="2">
              <name>hot</name>
              <domain>
                <boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os><drive disk="system" target="vda"/></boot>
                <devices>{devices}</devices>
              </domain>
              <storage><disk id="system" file="system.img" format="raw"/></storage>
            </image>
            """);
        return DescriptorReader.Read(folder.File("app.xml"));
    }

    [Fact]
    public void Maxima_are_read_validated_by_the_schema_and_written_back()
    {
        using var folder = new TempDirectory();
        var result = Read(folder, """<vcpu max="4">2</vcpu><memory max="1048576">262144</memory><hotplug disks="3" interfaces="1"/><normalize/>""");
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        var devices = result.Descriptor!.Devices;
        Assert.Equal((2, 4), (devices.Vcpus, devices.MaxVcpus));
        Assert.Equal((262144L, 1048576L), (devices.MemoryKiB, devices.MaxMemoryKiB));
        Assert.Equal((3, 1), (devices.HotplugDisks, devices.HotplugInterfaces));
        Assert.True(devices.PlansHotplug);
        Assert.True(devices.Normalize);

        File.WriteAllText(folder.File("again.xml"), DescriptorWriter.ToXml(result.Descriptor));
        var again = DescriptorReader.Read(folder.File("again.xml"));
        Assert.Equal(devices with { Interfaces = [] }, again.Descriptor!.Devices with { Interfaces = [] });
    }

    [Fact]
    public void Without_maxima_nothing_is_planned()
    {
        using var folder = new TempDirectory();
        var devices = Read(folder, "<vcpu>2</vcpu><memory>262144</memory>").Descriptor!.Devices;
        Assert.Null(devices.MaxVcpus);
        Assert.Null(devices.MaxMemoryKiB);
        Assert.False(devices.PlansHotplug);
        Assert.False(devices.Normalize);
    }

    [Theory]
    [InlineData("""<vcpu max="1">2</vcpu>""", "vcpu max=\"1\" is below the 2 vCPUs")]
    [InlineData("""<memory max="131072">262144</memory>""", "memory max=\"131072\" KiB is below")]
    [InlineData("""<hotplug disks="17"/>""", "hotplug disks")]
    [InlineData("""<vcpu max="many">1</vcpu>""", "vcpu max")]
    public void A_maximum_below_the_start_or_out_of_range_is_an_error_that_names_it(string devices, string expected)
    {
        using var folder = new TempDirectory();
        var result = Read(folder, devices);
        Assert.True(result.HasErrors);
        Assert.Contains(result.Problems, p => !p.IsWarning && p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
