using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

/// <summary>A descriptor for libvirt's test driver (i686 hvm) with system, user and scratch disks and an install phase.</summary>
internal static class TestAppliance
{
    public static string Write(TempDirectory folder, bool installPhase = true, string? extraRequirements = null, string systemChecksum = "")
    {
        File.WriteAllBytes(folder.File("vmlinuz"), [1, 2, 3]);
        File.WriteAllBytes(folder.File("initrd.img"), [4, 5, 6]);
        File.WriteAllBytes(folder.File("installer.img"), [7, 8, 9]);
        using (var system = File.Create(folder.File("system.img")))
        {
            system.SetLength(1 << 20);
        }

        var install = installPhase
            ? "<install><kernel>vmlinuz</kernel><initrd>installer.img</initrd><cmdline>console=ttyS0 va.phase=install</cmdline></install>"
            : "";
        var xml = $"""
            <image schema="2">
              <name version="2.1" release="3">test-app</name>
              <domain>
                <boot type="hvm" id="direct">
                  <guest><arch>i686</arch><features><pae/></features></guest>
                  <os><kernel>vmlinuz</kernel><initrd>initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
                  <drive disk="system" target="hda"/>
                  <drive disk="data" target="hdb"/>
                  <drive disk="scratch" target="hdc"/>
                  {extraRequirements}
                  {install}
                </boot>
                <devices><vcpu>1</vcpu><memory>65536</memory><interface/><interface/></devices>
              </domain>
              <storage>
                <disk id="system" file="system.img" use="system" format="raw">{systemChecksum}</disk>
                <disk id="data" file="data.img" use="user" size="4"/>
                <disk id="scratch" file="scratch.img" use="scratch" size="2"/>
              </storage>
            </image>
            """;
        var path = folder.File("test-app.xml");
        File.WriteAllText(path, xml);
        return path;
    }
}
