using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Hosts.Tests;

/// <summary>Capabilities XML from an untrusted file: no crash at any depth, time linear in its size.</summary>
[Trait("Category", "Fast")]
public sealed class HostileCapabilitiesTests
{
    [Fact]
    public void Deep_nesting_is_refused_with_its_position_without_recursion()
    {
        var xml = "<capabilities>" + string.Concat(Enumerable.Repeat("<x>", 100_000)) + string.Concat(Enumerable.Repeat("</x>", 100_000)) + "</capabilities>";

        var error = Assert.Throws<InvalidDataException>(() => CapabilitiesParser.Parse(xml, "caps.xml"));

        Assert.StartsWith("caps.xml:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("nested 65 elements deep; capabilities nest at most 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_takes_time_linear_in_the_capabilities()
    {
        // libvirt's real output with its guest list repeated: hosts with many guest types and domain kinds.
        var xml = File.ReadAllText(Fixtures.Path("qemu-embed-debian12.xml"));
        var start = xml.IndexOf("<guest>", StringComparison.Ordinal);
        var end = xml.LastIndexOf("</guest>", StringComparison.Ordinal) + "</guest>".Length;
        var guests = xml[start..end];
        var perCopy = CapabilitiesParser.Parse(xml, "caps.xml").Guests.Count;
        LinearTime.Assert(20, copies =>
        {
            var host = CapabilitiesParser.Parse(xml[..start] + string.Concat(Enumerable.Repeat(guests, copies)) + xml[end..], "caps.xml");
            Assert.Equal(perCopy * copies, host.Guests.Count);
        });
    }
}
