using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

[Trait("Category", "Fast")]
public sealed class InstanceStoreTests
{
    /// <summary>A plan file as the reflection-based serializer of earlier versions wrote it (final XML shortened).</summary>
    private const string EarlierPlan = """
        {
          "format": 1,
          "name": "t3",
          "connection-uri": "qemu:///system",
          "descriptor-path": "/tmp/dep/app/demo.xml",
          "metadata": { "appliance": "demo", "version": "1.0", "release": "1", "variant": "direct-kernel", "phase": "starting" },
          "domain-type": "qemu",
          "uuid": "53b12702-5a6c-4cc1-bb3f-c1d0fba55c46",
          "mac-addresses": [ "52:54:00:2f:bd:99" ],
          "disks": [
            {
              "id": "system", "use": "system", "path": "/tmp/dep/s3/system.qcow2", "format": "qcow2", "target": "vda",
              "bus": "virtio", "serial": "va-a385fff9ee08", "base-path": "/tmp/dep/app/system.img", "base-format": "raw",
              "size-bytes": null, "cdrom": false, "install-only": false, "created-by-deploy": true
            }
          ],
          "final-xml": "\u003Cdomain type=\u0022qemu\u0022\u003E\n\u003C/domain\u003E",
          "install-xml": null,
          "console-log": "/tmp/dep/s3/console.log",
          "install-log": null,
          "start": true,
          "created-at": "2026-11-24T08:44:22.9194118+00:00",
          "recipe": null,
          "has-install-phase": false
        }
        """;

    [Fact]
    public void A_plan_with_every_field_reads_back_equal()
    {
        using var folder = new TempDirectory();
        var store = new InstanceStore(new StateDirectory(folder.Path));
        var plan = new InstancePlan
        {
            Name = "web-1",
            ConnectionUri = "qemu:///embed?root=/x y",
            DescriptorPath = "/srv/app/web.xml",
            Metadata = new InstanceMetadata("web", "2.0", null, "uefi", InstancePhase.Install),
            DomainType = "kvm",
            Uuid = "0f6c1f5e-9c1b-4d4e-8a53-3f0e4c2b9a11",
            MacAddresses = ["52:54:00:00:00:01", "52:54:00:00:00:02"],
            Disks =
            [
                new InstanceDisk { Id = "root", Use = DiskUse.System, Path = "/i/root.qcow2", Format = "qcow2", Target = "vda", Bus = "virtio", Serial = "va-1", BasePath = "/srv/app/root.img", BaseFormat = "raw" },
                new InstanceDisk { Id = "data", Use = DiskUse.User, Path = "/i/data.qcow2", Format = "qcow2", Target = "vdb", Bus = "virtio", Serial = "va-2", SizeBytes = 1L << 34 },
                new InstanceDisk { Id = "tmp", Use = DiskUse.Scratch, Path = "/i/tmp.raw", Format = "raw", Target = "sda", Bus = "scsi", Serial = "va-3", SizeBytes = 512 },
                new InstanceDisk { Id = "iso", Use = DiskUse.System, Path = "/srv/app/inst.iso", Format = "raw", Target = "hdc", Bus = "ide", Serial = "va-4", Cdrom = true, InstallOnly = true },
            ],
            FinalXml = "<domain type=\"kvm\">\n  <name>web-1 \"quoted\" \u00e9</name>\n</domain>",
            InstallXml = "<domain><on_reboot>destroy</on_reboot></domain>",
            ConsoleLog = "/i/console.log",
            InstallLog = "/i/install.log",
            Start = false,
            CreatedAt = new DateTimeOffset(2026, 11, 24, 9, 30, 1, 123, TimeSpan.FromHours(2)),
            Recipe = new InstanceRecipe("/srv/recipes/web.yaml", new Dictionary<string, string> { ["name"] = "web-1", ["index"] = "0" }, AsSeed: true),
        };

        store.Save(plan);
        var read = store.Load("web-1");

        Assert.Equivalent(plan, read, strict: true);
        Assert.Equal(plan.CreatedAt, read.CreatedAt);
        Assert.Empty(Directory.GetFiles(store.FolderOf("web-1"), ".*"));
    }

    [Fact]
    public void Plans_written_by_earlier_versions_still_load()
    {
        using var folder = new TempDirectory();
        var store = new InstanceStore(new StateDirectory(folder.Path));
        Directory.CreateDirectory(store.FolderOf("t3"));
        File.WriteAllText(store.PlanPathOf("t3"), EarlierPlan);

        var plan = store.Load("t3");

        Assert.Equal(new InstanceMetadata("demo", "1.0", "1", "direct-kernel", InstancePhase.Starting), plan.Metadata);
        Assert.Equal("<domain type=\"qemu\">\n</domain>", plan.FinalXml);
        Assert.Null(plan.InstallXml);
        Assert.Null(plan.Recipe);
        Assert.True(plan.Start);
        var disk = Assert.Single(plan.Disks);
        Assert.Equal((DiskUse.System, "/tmp/dep/app/system.img", "raw", (long?)null, false), (disk.Use, disk.BasePath, disk.BaseFormat, disk.SizeBytes, disk.Cdrom));
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T08:44:22.9194118+00:00", System.Globalization.CultureInfo.InvariantCulture), plan.CreatedAt);
    }

    [Theory]
    [InlineData("\"uuid\": \"53b12702-5a6c-4cc1-bb3f-c1d0fba55c46\",", "", "uuid")]
    [InlineData("\"phase\": \"starting\"", "\"phase\": \"later\"", "metadata.phase")]
    [InlineData("\"use\": \"system\"", "\"use\": 3", "use")]
    [InlineData("\"start\": true", "\"start\": \"yes\"", "start")]
    [InlineData("\"format\": 1,", "\"format\": 1,,", "format")]
    public void A_damaged_plan_is_refused_naming_the_file(string original, string damaged, string field)
    {
        using var folder = new TempDirectory();
        var store = new InstanceStore(new StateDirectory(folder.Path));
        Directory.CreateDirectory(store.FolderOf("t3"));
        File.WriteAllText(store.PlanPathOf("t3"), EarlierPlan.Replace(original, damaged, StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => store.Load("t3"));

        Assert.Contains(store.PlanPathOf("t3"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
        if (field != "format")
        {
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }
    }
}
