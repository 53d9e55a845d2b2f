using System.Security.Cryptography;
using System.Xml.Linq;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Fleet.Tests.OnThreeHosts;

/// <summary>A base volume that an interrupted upload left (no completion marker) is never used: it is uploaded again.</summary>
[Collection(ThreeHostsCollection.Name)]
[Trait("Category", "Vm")]
public sealed class PartialUploadTests(ThreeHosts fleet)
{
    [Fact]
    public void A_base_left_half_uploaded_is_replaced_before_an_instance_uses_it()
    {
        const string host = "h4";
        var name = fleet.NameFor("partial");
        var checksums = XDocument.Load(fleet.Descriptor).Descendants("disk")
            .Where(d => d.Attribute("id")?.Value is "sda" or "boot-bios")
            .ToDictionary(d => $"va-shared-{d.Element("checksum")!.Value[..32]}.qcow2", d => d.Element("checksum")!.Value);
        var garbage = fleet.Folder("garbage.bin");
        File.WriteAllBytes(garbage, RandomNumberGenerator.GetBytes(1 << 20));
        ThreeHosts.EnsureDefaultPool(host);
        foreach (var volume in checksums.Keys)
        {
            if (ThreeHosts.Volumes(host).Contains(volume))
            {
                continue;   // another test's instance uses it complete: only a missing base can be left half made here
            }

            ThreeHosts.Virsh(host, "vol-create-as", "default", volume, (1 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "raw");
            ThreeHosts.Virsh(host, "vol-upload", "--pool", "default", volume, garbage);
        }

        fleet.Ok("deploy", fleet.Descriptor, "--connect", ThreeHosts.UriOf(host), "--name", name, "--wait-for", ThreeHosts.Ready, "--timeout", "120");

        foreach (var (volume, sha256) in checksums)
        {
            var copy = fleet.Folder($"{volume}.downloaded");
            ThreeHosts.Virsh(host, "vol-download", "--pool", "default", volume, copy);
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(copy))));
            Assert.Contains(volume + ".complete", ThreeHosts.Volumes(host));
        }

        fleet.Ok("undeploy", name, "--purge", "--force");
    }
}
